/* The steward's mobile page: my tasks, one ticket, its steps. Everything goes through the API
   (/api/v1) with the bearer token from wx-login, kept in sessionStorage; the API's refusals are
   shown as it words them (the body's `message`). The helpers it shares with the committee's page are
   common.js's, loaded before it. Plain JS, no build step, no inline script. */
(function () {
  "use strict";

  var common = window.H5Common;
  var $ = common.$, el = common.el, say = common.say;
  var root = $("app");
  var script = JSON.parse(root.getAttribute("data-script"));
  var W = script.words;
  var session = common.session("red-steward-h5-token", W);
  var api = session.api, failure = session.failure, token = session.token;
  // Deadlines count down on the server's clock, whatever the phone's own clock says.
  var skew = Date.parse(root.getAttribute("data-now")) - Date.now();
  var inWeChat = /MicroMessenger/i.test(navigator.userAgent) && !!window.wx && typeof window.wx.config === "function";
  var state = { ticket: null, wxReady: false, resolvePhotos: [] };

  function now() { return Date.now() + skew; }

  function show(view) {
    ["login-view", "list-view", "ticket-view"].forEach(function (id) { $(id).hidden = id !== view; });
    $("back").hidden = view !== "ticket-view";
    $("logout").hidden = view === "login-view";
  }

  function refused(error) {
    say(error.message);
    if (!token()) { show("login-view"); }
  }

  /* -- logging in: the code the mini-program's wx.login() gave, for a member of staff only ------ */

  function staffOnly(answer) {
    if (answer.kind !== "staff") { throw failure({ message: W.not_staff }); }
  }

  /* -- deadlines ----------------------------------------------------------------------------- */

  function shanghai(iso) {
    return new Date(iso).toLocaleString("zh-CN", {
      timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hour12: false
    });
  }

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d) { return d + W.day + h + W.hour; }
    if (h) { return h + W.hour + m + W.minute; }
    return m + W.minute + (s % 60) + W.second;
  }

  function countdown(node) {
    var left = Date.parse(node.getAttribute("data-due")) - now();
    node.textContent = left >= 0 ? W.remaining + " " + span(left) : W.overdue + " " + span(left);
    node.classList.toggle("late", left < 0);
  }

  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-due]"), countdown);
  }

  // The clocks still running: respond until accepted, arrive until arrived, resolve until resolved.
  function clocks(t) {
    return [["respond", t.respond_due_at, t.accepted_at], ["arrive", t.arrive_due_at, t.arrived_at],
            ["resolve", t.resolve_due_at, t.resolved_at]].filter(function (c) { return c[1]; });
  }

  function clockNode(name, due, done, paused) {
    var item = el("li", "clock");
    item.appendChild(el("span", "clock-name", script.clocks[name] + W.deadline));
    item.appendChild(el("span", "clock-due", shanghai(due)));
    var left = el("span", "clock-left");
    if (done) {
      left.textContent = W.met;
    } else if (paused) {
      left.textContent = W.paused;
    } else {
      left.setAttribute("data-due", due);
      countdown(left);
    }
    item.appendChild(left);
    return item;
  }

  /* -- my tasks ------------------------------------------------------------------------------ */

  function showList() {
    show("list-view");
    $("title").textContent = "红色管家";
    var list = $("tasks");
    list.textContent = "";
    list.appendChild(el("li", "muted", W.loading));
    return api("GET", "/staff/tasks").then(function (tasks) {
      list.textContent = "";
      if (!tasks.length) { list.appendChild(el("li", "card muted", W.no_tasks)); }
      tasks.forEach(function (t) { list.appendChild(taskItem(t)); });
    }).catch(refused);
  }

  function taskItem(t) {
    var item = el("li");
    var link = el("a", "task");
    link.href = "#/ticket/" + t.id;
    link.setAttribute("data-ticket", t.id);
    var head = el("div", "row");
    head.appendChild(el("span", "number", t.number));
    head.appendChild(el("span", "badge" + (t.offered ? " offered" : ""), t.offered ? W.offered : t.status_name));
    link.appendChild(head);
    link.appendChild(el("div", "muted", t.category_name + " · " + t.place));
    var running = clocks(t).filter(function (c) { return !c[2]; })[0];
    if (running) {
      link.appendChild(clockNode(running[0], running[1], false, t.status === "paused"));
    }
    item.appendChild(link);
    return item;
  }

  /* -- one ticket ---------------------------------------------------------------------------- */

  function showTicket(id) {
    show("ticket-view");
    return api("GET", "/staff/tickets/" + id).then(render).catch(refused);
  }

  function render(t) {
    state.ticket = t;
    $("title").textContent = t.number;
    $("t-number").textContent = t.number;
    $("t-status").textContent = t.status_name;
    $("t-category").textContent = t.category_name;
    $("t-place").textContent = t.place;
    var phone = $("t-phone");
    phone.textContent = t.resident_phone || "—";
    if (t.resident_phone && t.resident_phone.indexOf("*") < 0) {
      phone.href = "tel:" + t.resident_phone;
    } else {
      phone.removeAttribute("href");
    }
    $("t-words").textContent = t.description;
    var list = $("t-clocks");
    list.textContent = "";
    clocks(t).forEach(function (c) { list.appendChild(clockNode(c[0], c[1], !!c[2], t.status === "paused")); });
    renderPhotos(t);
    renderActions(t);
    renderTimeline(t.timeline || []);
  }

  function renderPhotos(t) {
    var box = $("t-photos");
    box.textContent = "";
    if (!t.photos.length) { box.appendChild(el("p", "muted", W.no_photos)); }
    t.photos.forEach(function (photo) {
      if (!photo.url) {
        box.appendChild(el("span", "photo-missing", W.wechat_photo));
        return;
      }
      var img = el("img", "photo");
      img.alt = photo.media_id;
      box.appendChild(img);
      api("GET", photo.url).then(function (blob) {
        var reader = new FileReader();  // a data: URL, which the Content-Security-Policy allows
        reader.onload = function () { img.src = reader.result; };
        reader.readAsDataURL(blob);
      }).catch(function () { img.alt = W.network; });
    });
    $("photo-add").hidden = t.steps.indexOf("pause") < 0 && t.steps.indexOf("resume") < 0 &&
      t.steps.indexOf("resolve") < 0;
  }

  function renderActions(t) {
    var box = $("actions");
    box.textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll(".step-form"), function (form) { form.hidden = true; });
    t.steps.forEach(function (step) {
      var button = el("button", "button step", script.steps[step]);
      button.type = "button";
      button.setAttribute("data-step", step);
      box.appendChild(button);
    });
  }

  function renderTimeline(entries) {
    var list = $("t-timeline");
    list.textContent = "";
    if (!entries.length) { list.appendChild(el("li", "muted", W.no_timeline)); }
    entries.slice().reverse().forEach(function (e) {
      var item = el("li", "entry");
      var head = el("div", "row");
      head.appendChild(el("strong", null, e.title));
      head.appendChild(el("span", "muted", shanghai(e.at)));
      item.appendChild(head);
      if (e.who) { item.appendChild(el("div", "muted", e.who)); }
      if (e.detail) { item.appendChild(el("div", "detail", e.detail)); }
      list.appendChild(item);
    });
  }

  /* -- steps --------------------------------------------------------------------------------- */

  var DIRECT = { accept: true, arrive: true, resume: true };
  // Steps that hand the ticket on: it is no longer mine to show, so back to my tasks.
  var HANDED_ON = { "return": true, transfer: true };

  function step(name, body) {
    var t = state.ticket;
    return api("POST", "/staff/tickets/" + t.id + "/" + name, body).then(function () {
      var done = W.done.replace("{step}", script.steps[name]);
      if (HANDED_ON[name]) {
        say(done, "ok");
        location.hash = "#/";
        return null;
      }
      return showTicket(t.id).then(function () { say(done, "ok"); });  // with the ticket as it is now
    });
  }

  function openForm(name) {
    Array.prototype.forEach.call(document.querySelectorAll(".step-form"), function (form) {
      form.hidden = form.getAttribute("data-step") !== name;
    });
    var form = $("form-" + name);
    if (name === "transfer") { loadColleagues(form); }
    if (name === "resolve") { state.resolvePhotos = []; form.querySelector(".picked").textContent = ""; }
    form.scrollIntoView({ block: "start" });
  }

  function loadColleagues(form) {
    var select = form.querySelector("select");
    select.textContent = "";
    api("GET", "/staff/tickets/" + state.ticket.id + "/colleagues").then(function (people) {
      if (!people.length) { say(W.no_colleague); }
      people.forEach(function (p) {
        var option = el("option", null, p.name);
        option.value = p.id;
        select.appendChild(option);
      });
    }).catch(refused);
  }

  function formBody(form) {
    var name = form.getAttribute("data-step");
    var data = new FormData(form);
    if (name === "transfer") {
      return { to_person_id: Number(data.get("to_person_id")), reason: data.get("reason") };
    }
    if (name === "reply") { return { text: data.get("text") }; }
    if (name === "resolve") { return { note: data.get("note") }; }
    return { reason: data.get("reason") };
  }

  function submitForm(form) {
    var name = form.getAttribute("data-step");
    var body = formBody(form);
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;  // one press, one step
    var ready = name === "resolve" ? uploadFiles(form.querySelector(".file-plain").files) : Promise.resolve([]);
    return ready.then(function (mediaIds) {
      if (name === "resolve") { body.media_ids = state.resolvePhotos.concat(mediaIds); }
      return step(name, body);
    }).then(function () { form.reset(); }).catch(refused).then(function () { button.disabled = false; });
  }

  /* -- photos: WeChat's JS-SDK inside WeChat, a plain upload elsewhere ----------------------- */

  function uploadFiles(files) {
    var ids = [];
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files || [], function (file) {
      chain = chain.then(function () {
        var data = new FormData();
        data.append("photo", file, file.name);
        say(W.uploading, "info");
        return api("POST", "/staff/tickets/" + state.ticket.id + "/photos", data).then(function (photo) {
          ids.push(photo.media_id);
        });
      });
    });
    return chain.then(function () { return ids; });
  }

  function wechatPick() {
    return new Promise(function (resolve, reject) {
      window.wx.chooseImage({
        count: 9, sizeType: ["compressed"], sourceType: ["camera", "album"],
        success: function (res) { resolve(res.localIds); }, cancel: function () { resolve([]); },
        fail: function () { reject(failure(null)); }
      });
    }).then(function (localIds) {
      var ids = [];
      var chain = Promise.resolve();
      localIds.forEach(function (localId) {
        chain = chain.then(function () {
          return new Promise(function (resolve, reject) {
            window.wx.uploadImage({
              localId: localId, isShowProgressTips: 1,
              success: function (res) { resolve(res.serverId); }, fail: function () { reject(failure(null)); }
            });
          }).then(function (serverId) {
            return api("POST", "/staff/tickets/" + state.ticket.id + "/photos/wechat", { media_id: serverId });
          }).then(function (photo) { ids.push(photo.media_id); });
        });
      });
      return chain.then(function () { return ids; });
    });
  }

  function setUpWeChat() {
    if (!inWeChat || !token()) { return; }
    var url = location.href.split("#")[0];
    api("GET", "/staff/jssdk-config?url=" + encodeURIComponent(url)).then(function (c) {
      window.wx.config({ debug: false, appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr,
                         signature: c.signature, jsApiList: c.jsApiList });
      window.wx.ready(function () {
        state.wxReady = true;
        Array.prototype.forEach.call(document.querySelectorAll(".wx-pick"), function (b) { b.hidden = false; });
        Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), function (input) {
          input.closest("label").hidden = true;
        });
      });
    }).catch(function () { /* outside a configured domain: the plain upload stays */ });
  }

  /* -- wiring -------------------------------------------------------------------------------- */

  function route() {
    if (!token()) {
      show("login-view");
      return;
    }
    var match = /^#\/ticket\/(\d+)$/.exec(location.hash);
    if (match) { showTicket(match[1]); } else { showList(); }
  }

  $("actions").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-step]");
    if (!button) { return; }
    var name = button.getAttribute("data-step");
    if (!DIRECT[name]) {
      openForm(name);
      return;
    }
    button.disabled = true;
    step(name).catch(refused).then(function () { button.disabled = false; });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".step-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say("");
      submitForm(form);
    });
  });

  $("photo-input").addEventListener("change", function (event) {
    var input = event.target;
    uploadFiles(input.files).then(function () {
      say(W.uploaded, "ok");
      return showTicket(state.ticket.id);
    }).catch(refused).then(function () { input.value = ""; });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".wx-pick"), function (button) {
    button.addEventListener("click", function () {
      var inResolve = !!button.closest("#form-resolve");
      wechatPick().then(function (ids) {
        if (inResolve) {
          state.resolvePhotos = state.resolvePhotos.concat(ids);
          button.parentNode.querySelector(".picked").textContent = W.uploaded + " × " + state.resolvePhotos.length;
          return null;
        }
        say(W.uploaded, "ok");
        return showTicket(state.ticket.id);
      }).catch(refused);
    });
  });

  $("back").addEventListener("click", function () { say(""); location.hash = "#/"; });
  $("refresh").addEventListener("click", function () { say(""); showList(); });
  $("logout").addEventListener("click", function () {
    session.forget();
    say(W.logged_out, "info");
    show("login-view");
  });
  $("tasks").addEventListener("click", function () { say(""); });
  window.addEventListener("hashchange", route);

  session.login(staffOnly).catch(function (error) { say(error.message); }).then(function () {
    setUpWeChat();
    route();
  });
  setInterval(tick, 1000);
}());
