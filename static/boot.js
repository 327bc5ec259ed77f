// Registers the service worker and tells the app when a new version is waiting.
// Kept outside the wasm so that it runs even if the app itself fails to start.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var reloading = false;

  function announce(worker) {
    window.__doorstepWaiting = worker;
    document.documentElement.setAttribute("data-update-ready", "1");
    window.dispatchEvent(new Event("doorstep-update"));
  }

  // Called by the app's "reload" button: let the waiting worker take over, then reload
  // once it controls the page, so every file comes from the new build.
  window.doorstepApplyUpdate = function () {
    var worker = window.__doorstepWaiting;
    if (worker) worker.postMessage({ type: "SKIP_WAITING" });
    else location.reload();
  };

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading || !window.__doorstepWaiting) return;
    reloading = true;
    location.reload();
  });

  window.addEventListener("load", function () {
    navigator.serviceWorker
      .register("sw.js")
      .then(function (reg) {
        document.documentElement.setAttribute("data-sw", "registered");
        if (reg.waiting && navigator.serviceWorker.controller) announce(reg.waiting);
        reg.addEventListener("updatefound", function () {
          var fresh = reg.installing;
          if (!fresh) return;
          fresh.addEventListener("statechange", function () {
            // A first install has no controller yet: nothing old to replace.
            if (fresh.state === "installed" && navigator.serviceWorker.controller) announce(fresh);
          });
        });
        // Look for a new version whenever the app comes back to the foreground.
        document.addEventListener("visibilitychange", function () {
          if (document.visibilityState === "visible") reg.update().catch(function () {});
        });
      })
      .catch(function (err) {
        document.documentElement.setAttribute("data-sw", "failed");
        console.warn("service worker not registered:", err);
      });
  });
})();
