/* Quick exit: leave for a neutral page without leaving this page in the history (location.replace).
   Also on Shift pressed three times in a row within 5 seconds, as in GOV.UK Frontend's "Exit this page":
   one key alone is pressed by accident too easily. Without JavaScript the control is a plain link. */
(function () {
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var target = link.getAttribute("href");
  var WINDOW_MS = 5000;
  var presses = [];
  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.style.visibility = "hidden"; /* hide at once, before the next page arrives */
    document.title = "";
    window.location.replace(target);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
