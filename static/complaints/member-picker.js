/* The complaint form's councillor picker, made quicker with JavaScript.
 *
 * Without it, the "Search" button sends the form back with the councillors found
 * listed as radio buttons. With it, typing in the search box asks the server
 * (complaints:member_search) and replaces the radio buttons in place; the result
 * count is announced through the status line (a polite live region). The radio
 * group stays an ordinary radio group, so keyboards and screen readers use it as
 * they would any other.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function setUp(picker) {
    var input = picker.querySelector("input[name='subject_search']");
    var button = picker.querySelector("[data-member-picker-button]");
    var status = picker.querySelector("[data-member-picker-status]");
    var unknown = picker.querySelector("input[name='subject'][value='unknown']");
    var url = picker.getAttribute("data-search-url");
    if (!input || !button || !status || !unknown || !url || !window.fetch) return;
    var template = unknown.closest(".form-check");
    var timer = null;
    var latest = 0;

    function option(result, index) {
      var node = template.cloneNode(true);
      node.querySelectorAll(".invalid-feedback").forEach(function (error) {
        error.remove();
      });
      var radio = node.querySelector("input");
      var label = node.querySelector("label");
      var id = "id_subject_found_" + index;
      radio.value = result.value;
      radio.id = id;
      radio.checked = false;
      label.htmlFor = id;
      label.textContent = result.label;
      return node;
    }

    function show(data) {
      var checked = picker.querySelector("input[name='subject']:checked");
      var keep = checked && checked.value !== "unknown" ? checked.closest(".form-check") : null;
      picker.querySelectorAll(".form-check").forEach(function (node) {
        if (node !== template && node !== keep && node.querySelector("input[name='subject']")) node.remove();
      });
      var kept = keep ? keep.querySelector("input").value : null;
      data.results.forEach(function (result, index) {
        if (result.value === kept) return;
        template.parentNode.insertBefore(option(result, index), template);
      });
      var n = data.results.length;
      if (!n) {
        status.textContent = "No serving councillor matches “" + input.value.trim() + "”. Check the spelling, or choose “I don't know” below.";
      } else {
        status.textContent = n + (n === 1 ? " councillor" : " councillors") + " found" +
          (data.more ? ": these are the first " + n + ", so type more of the name to narrow it down" : "") +
          ". Choose one below.";
      }
    }

    function search() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (query.length < 2) {
        status.textContent = "Type at least two letters of their name.";
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          if (ticket !== latest) return; // a newer search has been sent
          if (!answer.ok) {
            status.textContent = answer.data.error || "The search did not work. Try again.";
            return;
          }
          show(answer.data);
        })
        .catch(function () {
          if (ticket === latest) status.textContent = "The search did not work. Check your connection and try again.";
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 300);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Search, rather than send the whole form.
        event.preventDefault();
        window.clearTimeout(timer);
        search();
      }
    });
    button.addEventListener("click", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });
  }

  ready(function () {
    document.querySelectorAll("[data-member-picker]").forEach(setUp);
  });
})();
