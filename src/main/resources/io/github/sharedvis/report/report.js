// sharedvis report: sorts the neuron table and toggles heat maps. Runs from file:// with no server.
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell ? cell.getAttribute("data-v") : null;
    if (raw === null) { raw = cell ? cell.textContent : ""; }
    if (!numeric) { return raw; }
    if (raw === "") { return NaN; }
    return parseFloat(raw);
  }

  function sortTable(table, index, th) {
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, key: cellValue(row, index, numeric), i: i }; });
    keyed.sort(function (a, b) {
      var c;
      if (numeric) {
        var an = isNaN(a.key), bn = isNaN(b.key);
        if (an || bn) { return an === bn ? a.i - b.i : (an ? 1 : -1); }  // n/a stays last both ways
        c = a.key - b.key;
      } else {
        c = a.key.localeCompare(b.key, undefined, { numeric: true, sensitivity: "base" });
      }
      if (c === 0) { return a.i - b.i; }
      return ascending ? c : -c;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      Array.prototype.forEach.call(heads, function (th, index) {
        th.addEventListener("click", function () { sortTable(table, index, th); });
      });
    });
    var toggle = document.getElementById("show-maps");
    if (toggle) {
      var apply = function () { document.body.classList.toggle("maps-off", !toggle.checked); };
      toggle.addEventListener("change", apply);
      apply();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
