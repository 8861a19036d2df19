/* What the H5 pages share (the steward's h5.js, the owners' committee's assessment.js), loaded before the
   page's own script: finding and making nodes, the message box, and a session with the API (/api/v1): the
   bearer token from wx-login kept in sessionStorage under the page's own key, calls whose refusals carry
   the API's words (the body's `message`), else the page's word for a network failure. Plain JS, no build
   step, no inline script. */
window.H5Common = (function () {
  "use strict";

  var API = "/api/v1";

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // The page's message box (#message): kind is "error" (the default), "info" or "ok"; no text hides it.
  function say(text, kind) {
    var box = $("message");
    box.textContent = text || "";
    box.className = "message " + (kind || "error");
    box.hidden = !text;
  }

  // tokenKey: where this page keeps its token; words: the page's words, of which `network` (a failure
  // without the API's words) and `logging_in`.
  function session(tokenKey, words) {
    function token() { return sessionStorage.getItem(tokenKey); }
    function forget() { sessionStorage.removeItem(tokenKey); }

    function failure(body) {
      var error = new Error(body && body.message ? body.message : words.network);
      error.body = body || {};
      return error;
    }

    // A JSON body is sent as JSON, FormData as it is; a JSON answer is read, any other (a photo) is a Blob.
    function api(method, path, body) {
      var headers = { Authorization: "Bearer " + token() };
      var init = { method: method, headers: headers };
      if (body instanceof FormData) {
        init.body = body;
      } else if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      return fetch(path.indexOf(API) === 0 ? path : API + path, init).then(function (response) {
        if (response.status === 401) { forget(); }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          if (response.ok) { return response.blob(); }
          throw failure(null);
        }
        return response.json().then(function (data) {
          if (!response.ok) { throw failure(data); }
          return data;
        }, function () { throw failure(null); });
      }, function () { throw failure(null); });
    }

    // Logging in: the code the mini-program's wx.login() gave (?code=…), exchanged as the API does; accept
    // (optional) sees the answer first and throws to refuse it. Without a code: nothing to do.
    function login(accept) {
      var params = new URLSearchParams(location.search);
      var code = params.get("code");
      if (!code) { return Promise.resolve(); }
      params.delete("code");  // a code works once: never left in the address bar or the history
      var rest = params.toString();
      history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
      say(words.logging_in, "info");
      return fetch(API + "/auth/wx-login", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: code })
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw failure(data); }
          if (accept) { accept(data); }
          sessionStorage.setItem(tokenKey, data.token);
          say("");
        });
      });
    }

    return { token: token, forget: forget, failure: failure, api: api, login: login };
  }

  return { $: $, el: el, say: say, session: session };
}());
