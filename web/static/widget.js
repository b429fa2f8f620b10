/* Knotty chat widget for any site: <script src="https://HOST/widget.js" defer></script>
   Adds a floating button that opens the MasseurMatch sign-up chat in an iframe of HOST/chat/embed.
   The button lives in a shadow root and the chat in an iframe, so the host page's CSS can't break
   either. The iframe is created on first open, so a page view alone never starts a conversation. */
(function () {
  "use strict";
  if (window.__knottyWidget) { return; }
  window.__knottyWidget = true;

  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, window.location.href).origin;
  var embedUrl = origin + "/chat/embed";

  var css = [
    ":host { all: initial; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: inline-flex; align-items: center; gap: 10px;",
    "  border: 0; border-radius: 999px; padding: 0 20px 0 14px; height: 56px; cursor: pointer; color: #fff; background: #a8523a;",
    "  font: 600 16px/1 ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;",
    "  box-shadow: 0 10px 30px rgba(67,44,30,.28), 0 2px 6px rgba(67,44,30,.18); }",
    ".launcher:hover { background: #8a4130; }",
    ".launcher:focus-visible { outline: 3px solid #3f6b5c; outline-offset: 3px; }",
    ".launcher svg { width: 26px; height: 26px; }",
    ".panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483001; width: 380px; max-width: calc(100vw - 40px);",
    "  height: 620px; max-height: calc(100vh - 120px); border-radius: 18px; overflow: hidden; background: #fff;",
    "  box-shadow: 0 18px 50px rgba(67,44,30,.25), 0 2px 6px rgba(67,44,30,.12); }",
    ".panel[hidden] { display: none; }",
    "iframe { display: block; width: 100%; height: 100%; border: 0; }",
    "@media (max-width: 480px) {",
    "  .panel { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; }",
    "  .open .launcher { display: none; }",
    "}"
  ].join("\n");

  var icon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"/></svg>';

  // A custom element name, so the host page's `div { ... }` rules can't reach the widget's root.
  var host = document.createElement("knotty-chat-widget");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" + css + "</style>" +
    '<div class="wrap">' +
    '<button type="button" class="launcher" aria-expanded="false" aria-controls="knotty-panel">' + icon +
    "<span>Join the waitlist</span></button>" +
    '<div class="panel" id="knotty-panel" role="dialog" aria-label="Chat with Knotty, MasseurMatch sign-up" hidden></div>' +
    "</div>";

  var wrap = root.querySelector(".wrap");
  var panel = root.querySelector(".panel");
  var launcher = root.querySelector(".launcher");
  var frame = null;
  var frameLoaded = false;

  // Until the chat has loaded, the frame holds about:blank (the host's origin): a message posted
  // to it then is refused with a console error, so the first focus waits for the load event.
  function focusChat() {
    if (!frame) { return; }
    frame.focus();
    if (frameLoaded && frame.contentWindow) { frame.contentWindow.postMessage({ type: "knotty:focus" }, origin); }
  }

  function chatLoaded() {
    frameLoaded = true;
    if (!panel.hidden) { focusChat(); }
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = "Chat with Knotty";
      frame.src = embedUrl;
      frame.setAttribute("allow", "clipboard-write");
      frame.addEventListener("load", chatLoaded);
      panel.appendChild(frame);
    }
    panel.hidden = false;
    wrap.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    focusChat();
  }

  function close() {
    panel.hidden = true;
    wrap.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) { open(); } else { close(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); }
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) { return; }
    if (event.data && event.data.type === "knotty:close") { close(); }
  });

  function mount() { document.body.appendChild(host); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
