// "Near me" on the learning-centre list: an enhancement only. Without it (or without
// permission) learners choose a city in the form, which works with no script at all.
(function () {
  var button = document.getElementById("near-me");
  if (!button || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(button.getAttribute("data-url"), window.location.href);
      url.searchParams.set("lat", position.coords.latitude.toFixed(4));
      url.searchParams.set("lon", position.coords.longitude.toFixed(4));
      window.location.assign(url.toString());
    });
  });
})();
