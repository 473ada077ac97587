/* /go/<placement>/: count the scan with one beacon (never waits, never fails the visit), then replace
   this page with LINE's add-friend link so "back" does not land here again. */
(function () {
  var me = document.currentScript;
  var to = me.getAttribute("data-to");
  try {
    if (navigator.sendBeacon) navigator.sendBeacon(me.getAttribute("data-scan"));
  } catch (e) { /* counting is optional; the visitor must reach LINE */ }
  window.location.replace(to);
})();
