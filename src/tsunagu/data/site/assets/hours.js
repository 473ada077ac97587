/* Refresh "open now / next open" from schedule/<channel>.json (published weekly). When the file is
   missing or unreadable the text baked in at build time stays. Times are Japan time (no DST, +09:00). */
(function () {
  var JST_MS = 9 * 3600 * 1000;
  function jst(iso) { return new Date(Date.parse(iso) + JST_MS); }
  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function clock(d) { var m = d.getUTCMinutes(); return d.getUTCHours() + ":" + (m < 10 ? "0" : "") + m; }
  function endClock(start, end) {
    var next = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1);
    return end.getTime() === next ? "24:00" : clock(end);
  }
  function span(el, slot) {
    var a = jst(slot.start), b = jst(slot.end);
    var overnight = b.getUTCDate() !== a.getUTCDate() && b.getTime() !== Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate() + 1);
    return fill(overnight ? el.dataset.spanOvernight : el.dataset.span, {start: clock(a), end: endClock(a, b)});
  }
  function date(el, d) {
    return fill(el.dataset.date, {
      month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      weekday: el.dataset.weekdays.split(",")[(d.getUTCDay() + 6) % 7],
      month_name: el.dataset.months.split(",")[d.getUTCMonth()]
    });
  }
  function refresh(el, doc) {
    if (!doc || !Array.isArray(doc.slots)) return;
    var now = Date.now(), open = null, next = null;
    doc.slots.forEach(function (s) {
      if (s.channel !== el.dataset.channel) return;
      var a = Date.parse(s.start), b = Date.parse(s.end);
      if (a <= now && now < b) open = s;
      else if (a > now && (!next || a < Date.parse(next.start))) next = s;
    });
    if (open) {
      el.textContent = fill(el.dataset.statusOpen, {end: endClock(jst(open.start), jst(open.end))});
      el.classList.add("open");
    } else if (next) {
      var when = fill(el.dataset.slot, {date: date(el, jst(next.start)), span: span(el, next)});
      el.textContent = fill(el.dataset.statusNext, {when: when});
      el.classList.remove("open");
    }
  }
  var els = document.querySelectorAll("[data-schedule]");
  Array.prototype.forEach.call(els, function (el) {
    if (!window.fetch) return;
    fetch(el.dataset.schedule, {credentials: "omit", cache: "no-cache"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (doc) { refresh(el, doc); })
      .catch(function () { /* keep the baked-in text */ });
  });
})();
