// 督办看板: the trend chart (Chart.js, served from the app), the period picker and the self-refreshing late list.
(function () {
  "use strict";
  function trendChart(canvas) {
    var data = JSON.parse(canvas.getAttribute("data-trend"));
    new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: "受理工单", data: data.opened, backgroundColor: "rgba(198,40,40,.75)", yAxisID: "y" },
          { type: "line", label: "时限内响应", data: data.in_time, borderColor: "#1e88e5",
            backgroundColor: "#1e88e5", tension: 0, yAxisID: "y" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }

  function renderLate(table, payload) {
    var body = table.querySelector("tbody");
    body.innerHTML = "";
    payload.items.forEach(function (i) {
      var tr = document.createElement("tr");
      var link = document.createElement("a");
      link.href = table.getAttribute("data-ticket-base") + i.id;
      link.textContent = i.number;
      var first = document.createElement("td"); first.appendChild(link); tr.appendChild(first);
      [i.estate, i.category, i.status, i.clocks.join("、"), i.due, i.late_minutes + " 分钟",
       i.rung ? "第 " + i.rung + " 级" : "—", i.holder].forEach(function (t) { tr.appendChild(cell(t)); });
      body.appendChild(tr);
    });
    document.getElementById("late-count").textContent = payload.count;
    document.getElementById("late-updated").textContent = payload.updated_at;
  }

  function refreshLate(table) {
    var every = parseInt(table.getAttribute("data-refresh-seconds"), 10) * 1000;
    function tick() {
      fetch(table.getAttribute("data-source"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (r.redirected || !r.ok) { window.location.reload(); } return r.json(); })
        .then(function (payload) { renderLate(table, payload); })
        .catch(function () { /* keep the last list; the next tick tries again */ });
    }
    setInterval(tick, every);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var canvas = document.getElementById("trend");
    if (canvas && window.Chart) { trendChart(canvas); }
    var late = document.getElementById("late-table");
    if (late) { refreshLate(late); }
    // The period picker sends its form as soon as a period is chosen (the 查询 button stays for keyboards).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    // The print button's handler lives here: the Content-Security-Policy allows no inline onclick.
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
