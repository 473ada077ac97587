/* Refresh "open now / next open" from schedule/<channel>.json (published weekly). When the file is
   missing or unreadable the text baked in at build time stays. Times are Japan time (no DST, +09:00). */
(function () {
  var JST_MS = 9 * 3600 * 1000;
  function jst(iso) { return new Date(Date.parse(iso) + JST_MS); }
  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  /* Minutes after the opening day's midnight, as tsunagu.domain.dates counts them: 24:00 ends a day,
     past it is the next morning (the span then says so). */
  function minutes(start, at) {
    return Math.round((at.getTime() - Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())) / 60000);
  }
  function time(el, m) {
    if (m > 1440) m -= 1440;
    var min = m % 60;
    return fill(el.dataset.time, {hour: Math.floor(m / 60), minute: (min < 10 ? "0" : "") + min});
  }
  function span(el, slot) {
    var a = jst(slot.start), end = minutes(a, jst(slot.end));
    return fill(end > 1440 ? el.dataset.spanOvernight : el.dataset.span, {start: time(el, minutes(a, a)), end: time(el, end)});
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
      el.textContent = fill(el.dataset.statusOpen, {end: time(el, minutes(jst(open.start), jst(open.end)))});
      el.classList.add("open");
    } else if (next) {
      var when = fill(el.dataset.slot, {date: date(el, jst(next.start)), span: span(el, next)});
      el.textContent = fill(el.dataset.statusNext, {when: when});
      el.classList.remove("open");
    }
  }
  /* The staff's notice in force today (tsunagu ops notice), in the page's language, else Japanese. */
  function notice(el, doc) {
    var box = document.querySelector('[data-notice="' + el.dataset.channel + '"]');
    if (!box || !doc || !Array.isArray(doc.notices)) return;
    var today = new Date(Date.now() + JST_MS).toISOString().slice(0, 10), shown = null;
    doc.notices.forEach(function (n) {
      if (n.from <= today && today <= n.to && n.text) shown = n.text[box.dataset.language] || n.text.ja || shown;
    });
    if (shown) { box.textContent = shown; box.hidden = false; }
  }
  var els = document.querySelectorAll("[data-schedule]");
  Array.prototype.forEach.call(els, function (el) {
    if (!window.fetch) return;
    fetch(el.dataset.schedule, {credentials: "omit", cache: "no-cache"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (doc) { refresh(el, doc); notice(el, doc); })
      .catch(function () { /* keep the baked-in text */ });
  });
})();
