// The WeChat simulator page: a resident's chat on the left, the pushes staff received on the right.
(function () {
  "use strict";
  const root = document.querySelector("main.grid");
  const urls = JSON.parse(root.dataset.urls);
  const pollMs = parseInt(root.dataset.pollMs, 10) || 2500;
  const $ = (id) => document.getElementById(id);
  // Every label comes from the server (app/tickets/texts.py): one source for the words people see.
  let lastChat = "";
  let lastStaff = "";

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function call(method, url, body) {
    const response = await fetch(url, {
      method, headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({ message: response.statusText }));
    if (!response.ok) throw new Error(data.message || ("HTTP " + response.status));
    return data;
  }

  function openid() { return $("openid").value.trim(); }

  async function say(body) {
    $("chat-error").textContent = "";
    $("send").disabled = $("photo").disabled = true;
    try {
      await call("POST", urls.say, Object.assign({ openid: openid() }, body));
      $("text").value = "";
      await refresh();
    } catch (err) {
      $("chat-error").textContent = "发送失败：" + err.message;
    } finally {
      $("send").disabled = $("photo").disabled = false;
      $("text").focus();
    }
  }

  function renderChat(lines) {
    const key = JSON.stringify(lines);
    if (key === lastChat) return;
    lastChat = key;
    const list = $("chat");
    list.replaceChildren();
    if (!lines.length) list.appendChild(el("li", "bot", "")).appendChild(el("div", "meta", "发一条消息开始对话"));
    for (const line of lines) {
      const item = el("li", line.who);
      item.dataset.id = line.id;
      item.appendChild(el("div", "bubble", line.text));
      const meta = line.who === "notice" ? `${line.at} · 服务通知 · ${line.status}` : line.at;
      item.appendChild(el("div", "meta", meta));
      list.appendChild(item);
    }
    list.scrollTop = list.scrollHeight;
  }

  function renderStaff(pushes) {
    const key = JSON.stringify(pushes);
    if (key === lastStaff) return;
    lastStaff = key;
    const box = $("people");
    box.replaceChildren();
    if (!pushes.length) {
      box.appendChild(el("p", "muted empty", "还没有推送。让居民报一件事试试。"));
      return;
    }
    const byPerson = new Map();
    for (const push of pushes) {
      if (!byPerson.has(push.person_id)) byPerson.set(push.person_id, { name: push.person, pushes: [] });
      byPerson.get(push.person_id).pushes.push(push);
    }
    for (const [personId, person] of byPerson) {
      const card = el("article", "person");
      card.dataset.person = person.name;
      card.appendChild(el("h3", "", person.name));
      for (const push of person.pushes) card.appendChild(renderPush(push, personId));
      box.appendChild(card);
    }
  }

  function renderPush(push, personId) {
    const row = el("div", "push");
    row.dataset.push = push.id;
    const top = el("div", "top");
    top.appendChild(el("span", "tag " + push.purpose.split(":")[0], push.purpose_name));
    top.appendChild(el("span", "muted", `${push.at} · ${push.status}`));
    row.appendChild(top);
    const fields = push.fields.map((f) => `${f.label}：${f.value}`).join("　");
    row.appendChild(el("div", "fields", fields));
    if (push.ticket) {
      row.appendChild(el("div", "muted", `工单 ${push.ticket.number} · ${push.ticket.status_name}`));
      const actions = el("div", "actions");
      for (const action of push.ticket.actions) {
        const name = push.ticket.action_names[action];
        const button = el("button", "", name);
        button.type = "button";
        button.dataset.action = action;
        button.addEventListener("click", () => act(push.ticket.id, action, name, personId, button));
        actions.appendChild(button);
      }
      row.appendChild(actions);
    }
    return row;
  }

  async function act(ticketId, action, name, personId, button) {
    $("staff-error").textContent = "";
    let note = null;
    if (action === "resolve") {
      note = window.prompt("办结说明", "已处理完毕");
      if (note === null) return;
    }
    button.disabled = true;
    try {
      await call("POST", `${urls.act}${ticketId}/${action}`, { person_id: personId, note });
      await refresh();
    } catch (err) {
      $("staff-error").textContent = `${name}失败：${err.message}`;
      button.disabled = false;
    }
  }

  async function refresh() {
    try {
      const feed = await call("GET", `${urls.feed}?openid=${encodeURIComponent(openid())}`);
      renderChat(feed.chat);
      renderStaff(feed.staff);
      $("updated").textContent = "更新于 " + new Date().toLocaleTimeString("zh-CN", { hour12: false });
    } catch (err) {
      $("updated").textContent = "连接中断，重试中…";
    }
  }

  $("resident").addEventListener("change", (event) => {
    if (event.target.value) $("openid").value = event.target.value;
    else $("openid").select();
    lastChat = "";
    refresh();
  });
  $("openid").addEventListener("change", () => { lastChat = ""; refresh(); });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) { $("chat-error").textContent = "请输入消息内容"; return; }
    say({ text });
  });
  $("photo").addEventListener("click", () => say({ photo: true }));
  refresh();
  setInterval(refresh, pollMs);
})();
