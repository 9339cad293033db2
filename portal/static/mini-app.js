// Inside Telegram (Mini App pages only). The entry page posts Telegram's init data once to sign the
// learner in as the Telegram learner, then goes on; without init data it goes on anonymously.
// Every Mini App page follows Telegram's theme (telegram-web-app.js sets --tg-theme-* on <html>)
// and uses Telegram's Back button instead of a browser one, which a Mini App does not have.
(function () {
  var app = window.Telegram && window.Telegram.WebApp;
  var entry = document.getElementById("mini-app");
  if (!app) {
    if (entry) window.location.replace(entry.getAttribute("data-anonymous-url"));
    return;
  }
  app.ready();
  if (app.expand) app.expand();
  if (app.BackButton) {
    if (!entry && window.history.length > 1) {
      app.BackButton.show();
      app.BackButton.onClick(function () { window.history.back(); });
    } else {
      app.BackButton.hide();
    }
  }
  if (!entry) return;
  var anonymous = entry.getAttribute("data-anonymous-url");
  if (!app.initData) {
    window.location.replace(anonymous);
    return;
  }
  fetch(entry.getAttribute("data-session-url"), {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": entry.getAttribute("data-csrf")},
    body: JSON.stringify({init_data: app.initData, start: entry.getAttribute("data-start")})
  }).then(function (response) {
    return response.ok ? response.json() : {next: anonymous};
  }).catch(function () {
    return {next: anonymous};
  }).then(function (answer) {
    window.location.replace(answer.next || anonymous);
  });
})();
