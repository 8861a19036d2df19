/* The owners' committee's assessment form: log in with the wx.login() code (as the steward's page does),
   read the form the API offers (items, open months, the member's estates), submit the scores. The API's
   refusals are shown as it words them (the body's `message`). The helpers it shares with the steward's
   page are common.js's, loaded before it. Plain JS, no build step, no inline script. */
(function () {
  "use strict";

  var common = window.H5Common;
  var $ = common.$, el = common.el, say = common.say;
  var script = JSON.parse($("app").getAttribute("data-script"));
  var W = script.words;
  var session = common.session("red-steward-assessment-token", W);
  var api = session.api, token = session.token;
  var form = null;

  function show(view) {
    ["login-view", "form-view"].forEach(function (id) { $(id).hidden = id !== view; });
  }

  function month(text) {
    var parts = text.split("-");
    return parts[0] + "年" + Number(parts[1]) + "月";
  }

  function estate() {
    var code = $("estate").value;
    return form.estates.filter(function (e) { return e.code === code; })[0];
  }

  function markDone() {
    var done = estate().done.indexOf($("month").value) >= 0;
    $("firm").textContent = estate().firm || "";
    $("done-note").hidden = !done;
    $("submit").disabled = done;
  }

  function scoreButtons(item) {
    var box = el("fieldset", "card item");
    box.appendChild(el("legend", null, item.name));
    var row = el("div", "scores");
    [1, 2, 3, 4, 5].forEach(function (value) {
      var label = el("label");
      var input = el("input");
      input.type = "radio";
      input.name = "score-" + item.code;
      input.value = String(value);
      input.setAttribute("data-item", item.code);
      var face = el("span", null, String(value));
      face.appendChild(el("small", null, script.scores[value]));
      label.appendChild(input);
      label.appendChild(face);
      row.appendChild(label);
    });
    box.appendChild(row);
    return box;
  }

  function fill(data) {
    form = data;
    $("member").textContent = data.member;
    $("estate").replaceChildren.apply($("estate"), data.estates.map(function (e) {
      var option = el("option", null, e.name);
      option.value = e.code;
      return option;
    }));
    $("month").replaceChildren.apply($("month"), data.months.slice().reverse().map(function (m) {
      var option = el("option", null, month(m));
      option.value = m;
      return option;
    }));
    $("items").replaceChildren.apply($("items"), data.items.map(scoreButtons));
    markDone();
    show("form-view");
  }

  function load() {
    if (!token()) { show("login-view"); return Promise.resolve(); }
    say(W.loading, "info");
    return api("GET", "/assessments/form").then(function (data) { say(""); fill(data); }, refused);
  }

  function refused(error) {
    say(error.message);
    if (!token() || !form) { show("login-view"); }
  }

  function submit(event) {
    event.preventDefault();
    var scores = {};
    Array.prototype.forEach.call(document.querySelectorAll("#items input:checked"), function (input) {
      scores[input.getAttribute("data-item")] = Number(input.value);
    });
    $("submit").disabled = true;
    say(W.submitting, "info");
    api("POST", "/assessments", {
      estate: $("estate").value, period: $("month").value, scores: scores, comment: $("comment").value
    }).then(function (kept) {
      estate().done.push(kept.period);
      say(W.submitted, "ok");
      markDone();
    }, function (error) {
      $("submit").disabled = false;
      refused(error);
    });
  }

  $("estate").addEventListener("change", markDone);
  $("month").addEventListener("change", markDone);
  $("form-view").addEventListener("submit", submit);
  session.login().then(load, function (error) { say(error.message); show("login-view"); });
}());
