/*
 * Show or hide follow-up questions while the form is being filled in.
 *
 * Progressive enhancement only: the server decides which questions a page shows
 * (items whose condition does not hold are rendered with `hidden`) and re-shows the
 * page when new follow-up questions appear, so everything works without this script.
 *
 * A question carries its condition as data (`data-condition`, structured JSON; never
 * evaluated as code). Only conditions made solely of item leaves about questions on
 * this page are re-evaluated; any other condition keeps the server's decision.
 * Items are walked in page order, like the server does: a hidden question's answer
 * does not count.
 */
(function () {
  "use strict";

  var UNKNOWN = "unknown";

  function currentValue(question) {
    var radio = question.querySelector("input[type=radio]:checked");
    if (radio) { return radio.value; }
    if (question.querySelector("input[type=radio]")) { return undefined; }
    var field = question.querySelector("input, select, textarea");
    if (!field) { return undefined; }
    var value = field.value.trim();
    return value === "" ? undefined : value;
  }

  function wholeNumber(value) {
    return typeof value === "string" && /^-?\d+$/.test(value) ? parseInt(value, 10) : null;
  }

  /* Tell whether every leaf is an item leaf about a question on this page. */
  function evaluable(condition, onPage) {
    if (!condition || typeof condition !== "object") { return false; }
    if (Array.isArray(condition.all)) { return condition.all.every(function (c) { return evaluable(c, onPage); }); }
    if (Array.isArray(condition.any)) { return condition.any.every(function (c) { return evaluable(c, onPage); }); }
    if (condition.not) { return evaluable(condition.not, onPage); }
    return typeof condition.item === "string" && Object.prototype.hasOwnProperty.call(onPage, condition.item);
  }

  function holds(condition, answers, shown) {
    if (Array.isArray(condition.all)) { return condition.all.every(function (c) { return holds(c, answers, shown); }); }
    if (Array.isArray(condition.any)) { return condition.any.some(function (c) { return holds(c, answers, shown); }); }
    if (condition.not) { return !holds(condition.not, answers, shown); }
    var answer = answers[condition.item];
    var number;
    switch (condition.op) {
      case "in": return answer !== undefined && condition.values.indexOf(answer) !== -1;
      case "not_in": return answer !== undefined && condition.values.indexOf(answer) === -1;
      case "answered": return answer !== undefined && answer !== UNKNOWN;
      case "unknown": return shown[condition.item] === true && (answer === undefined || answer === UNKNOWN);
      case "gte": number = wholeNumber(answer); return number !== null && number >= condition.value;
      case "lte": number = wholeNumber(answer); return number !== null && number <= condition.value;
      default: return false;
    }
  }

  function enhance(form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll("[data-item]"));
    var onPage = {};
    var conditions = new Map();
    questions.forEach(function (question) {
      onPage[question.getAttribute("data-item")] = question;
    });
    questions.forEach(function (question) {
      var text = question.getAttribute("data-condition");
      if (!text) { return; }
      try {
        var condition = JSON.parse(text);
        if (evaluable(condition, onPage)) { conditions.set(question, condition); }
      } catch (error) {
        /* Keep the server's decision for a condition we cannot read. */
      }
    });
    if (conditions.size === 0) { return; }

    var hiddenField = form.querySelector("input[name=hidden_items]");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(status);

    function update() {
      var answers = {};
      var shown = {};
      var appeared = 0;
      var stillHidden = [];
      questions.forEach(function (question) {
        var id = question.getAttribute("data-item");
        if (conditions.has(question)) {
          var show = holds(conditions.get(question), answers, shown);
          if (show && question.hidden) { appeared += 1; }
          question.hidden = !show;
        }
        if (question.hidden) {
          stillHidden.push(id);
          return;
        }
        shown[id] = true;
        var value = currentValue(question);
        if (value !== undefined) { answers[id] = value; }
      });
      // The server re-shows the page for follow-ups the user could not see; these were seen.
      if (hiddenField) { hiddenField.value = stillHidden.join(" "); }
      if (appeared > 0) { status.textContent = form.getAttribute("data-follow-up-message") || ""; }
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-conditional]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
