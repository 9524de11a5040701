// Draws the dashboard's charts from the figures the page carries in #chart-data (Chart.js, served locally).
(function () {
  "use strict";
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const words = data.words;
  const colours = { received: "#0b3d91", processed: "#1b6e3a", late: "#b3131b", progress: "#8a5a00", satisfied: "#5b2a86" };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) canvas.chart = new Chart(canvas, config);
  }

  draw("chart-trend", {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: [
        { label: words.received, data: data.trend.received, borderColor: colours.received, backgroundColor: colours.received, tension: 0.2 },
        { label: words.processed, data: data.trend.processed, borderColor: colours.processed, backgroundColor: colours.processed, tension: 0.2 },
        { label: words.late, data: data.trend.late, borderColor: colours.late, backgroundColor: colours.late, tension: 0.2 },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-workload", {
    type: "bar",
    data: {
      labels: data.workload.labels,
      datasets: [
        { label: words.received, data: data.workload.received, backgroundColor: colours.received },
        { label: words.in_progress, data: data.workload.in_progress, backgroundColor: colours.progress },
        { label: words.overdue, data: data.workload.overdue, backgroundColor: colours.late },
      ],
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-waiting", {
    type: "bar",
    data: {
      labels: data.waiting.labels,
      datasets: [{ label: words.waiting, data: data.waiting.count, backgroundColor: colours.late }],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-satisfaction", {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: [{ label: words.satisfied, data: data.trend.satisfied, borderColor: colours.satisfied, backgroundColor: colours.satisfied, spanGaps: true }],
    },
    options: { scales: { y: { min: 0, max: 100 } } },
  });
})();
