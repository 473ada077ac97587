"""The demand and staffing plan (`tsunagu plan`): when contacts arrive, the forecast, counsellors per slot.

`plan_ward` turns records into a WardPlan (contacts and the heatmap are the domain's; the forecast, Erlang-A
and the SimPy check live here, since numpy and SimPy stay out of the Lambda's cold path); `write_plan` writes
plan.json, plan.md, plan.html, plan.xlsx and the heatmap charts.
"""

from tsunagu.makers.plan.build import Options, WardPlan, plan_ward, read_contractor, read_records
from tsunagu.makers.plan.writer import to_json, write_plan

__all__ = ["Options", "WardPlan", "plan_ward", "read_contractor", "read_records", "to_json", "write_plan"]
