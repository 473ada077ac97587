"""The demand and staffing plan (`tsunagu plan`): when contacts arrive, the forecast, counsellors per slot.

`build.plan_ward` turns records into a WardPlan (contacts and the heatmap are the domain's; the forecast,
Erlang-A and the SimPy check live here, since numpy and SimPy stay out of the Lambda's cold path);
`writer.write_plan` writes plan.json, plan.md, plan.html, plan.xlsx and the heatmap charts; `contractor` reads
and writes the contractor's monthly counts. Nothing is imported here: the simulation's worker processes
import only what they run, not matplotlib.
"""
