/* The e-form editor of the administrators' procedure version page.
 *
 * The JSON Schema stays in the form's textarea (what is saved, checked by the server). JSON Editor edits it as a
 * list of fields against our own small schema of an e-form; each change is written back into the textarea, and
 * the server draws the preview with the renderer of the citizen's filing form. Keywords the editor does not show
 * (patterns, defaults, nested objects…) are kept as they were. No inline script or style: CSP stays 'self'.
 */
(function () {
  "use strict";

  // The keywords of a property the editor owns; the others are kept untouched.
  const OWNED = ["title", "description", "type", "format", "enum", "maxLength", "minimum", "maximum"];
  const LONG_TEXT = 2000; // the citizen's form draws a text of more than 300 characters as a text area

  // JSON Editor writes a few `style` attributes (hidden labels, the opt-in box), which CSP refuses even when they
  // are removed right after: these four builders of its themes are replaced by ones that use a class instead.
  function patchTheme() {
    const proto = window.JSONEditor.AbstractTheme.prototype;
    const hidden = function (tag, text) {
      const element = document.createElement(tag);
      element.textContent = text;
      element.classList.add("je-visually-hidden");
      return element;
    };
    proto.getHiddenLabel = function (text) { return hidden("label", text); };
    proto.getHiddenText = function (text) { return hidden("span", text); };
    proto.visuallyHidden = function (element) { if (element) element.classList.add("je-visually-hidden"); };
    proto.getOptInCheckbox = function (formname) {
      const container = document.createElement("span");
      const checkbox = document.createElement("input");
      checkbox.type = "checkbox";
      checkbox.id = formname + "-opt-in";
      checkbox.classList.add("json-editor-opt-in");
      const label = hidden("label", formname + "-opt-in");
      label.htmlFor = checkbox.id;
      container.append(checkbox, label);
      return { label: label, checkbox: checkbox, container: container };
    };
  }

  // A number typed in the editor, or null when the box is empty or holds no number.
  function numberOf(text) {
    const value = text === undefined || text === null || String(text).trim() === "" ? NaN : Number(text);
    return Number.isFinite(value) ? value : null;
  }

  function kindOf(property) {
    if (Array.isArray(property.enum)) return "choice";
    if (property.type === "integer") return "integer";
    if (property.type === "number") return "number";
    if (property.type === "boolean") return "yes_no";
    if (property.type === "string" && property.format === "date") return "date";
    if (property.type === "string" && property.format === "email") return "email";
    if (property.type === "string") return (property.maxLength || 200) > 300 ? "long_text" : "text";
    return "other";
  }

  // The schema (an object, maybe null) as the editor's value: a title and a list of fields.
  function toEditor(schema) {
    const properties = (schema && typeof schema.properties === "object" && schema.properties) || {};
    const required = new Set((schema && Array.isArray(schema.required) && schema.required) || []);
    return {
      title: (schema && typeof schema.title === "string" && schema.title) || "",
      fields: Object.keys(properties).map(function (name) {
        const property = properties[name] || {};
        const kind = kindOf(property);
        return {
          name: name,
          title: property.title || "",
          kind: kind,
          required: required.has(name),
          description: property.description || "",
          choices: kind === "choice" ? property.enum.map(String) : [],
          max_length: kind === "text" && property.maxLength ? String(property.maxLength) : "",
          minimum: typeof property.minimum === "number" ? String(property.minimum) : "",
          maximum: typeof property.maximum === "number" ? String(property.maximum) : "",
        };
      }),
    };
  }

  // The editor's value back as a JSON Schema, on top of the schema it came from.
  function toSchema(value, original) {
    const base = original && typeof original === "object" && !Array.isArray(original) ? original : {};
    const before = (base.properties && typeof base.properties === "object" && base.properties) || {};
    const schema = Object.assign({}, base, { type: "object", properties: {} });
    if (!schema.$schema) schema.$schema = "https://json-schema.org/draft/2020-12/schema";
    if (value.title) schema.title = value.title; else delete schema.title;
    const required = [];
    (value.fields || []).forEach(function (field) {
      if (!field.name) return; // a field being added has no key yet: it joins the schema once it has one
      const kept = Object.assign({}, before[field.name] || {});
      const property = {};
      if (field.kind === "other") {
        Object.assign(property, kept);
      } else {
        Object.keys(kept).forEach(function (key) { if (OWNED.indexOf(key) < 0) property[key] = kept[key]; });
      }
      if (field.title) property.title = field.title; else delete property.title;
      if (field.description) property.description = field.description; else delete property.description;
      switch (field.kind) {
        case "text":
          property.type = "string";
          if (numberOf(field.max_length) !== null) property.maxLength = Math.trunc(numberOf(field.max_length));
          break;
        case "long_text": property.type = "string"; property.maxLength = LONG_TEXT; break;
        case "date": property.type = "string"; property.format = "date"; break;
        case "email": property.type = "string"; property.format = "email"; break;
        case "choice":
          property.type = "string";
          property.enum = (field.choices || []).filter(function (choice) { return choice !== ""; });
          break;
        case "yes_no": property.type = "boolean"; break;
        case "integer":
        case "number":
          property.type = field.kind;
          if (numberOf(field.minimum) !== null) property.minimum = numberOf(field.minimum);
          if (numberOf(field.maximum) !== null) property.maximum = numberOf(field.maximum);
          break;
        default:
          break;
      }
      if (field.required) required.push(field.name);
      schema.properties[field.name] = property;
    });
    if (required.length) schema.required = required; else delete schema.required;
    return schema;
  }

  // Our schema of an e-form, which JSON Editor draws as a form.
  function metaSchema(labels) {
    const s = labels.schema;
    const kinds = Object.keys(labels.kinds);
    // Numbers are typed as text, so that "none" is an empty box rather than 0.
    const number = function (title, dependency, pattern) {
      return { type: "string", title: title, pattern: pattern, options: { dependencies: { kind: dependency } } };
    };
    return {
      type: "object",
      title: " ",
      properties: {
        title: { type: "string", title: s.title },
        fields: {
          type: "array",
          title: s.fields,
          format: "tabs-top",
          items: {
            type: "object",
            title: s.field,
            headerTemplate: "{{ i1 }}. {{ self.title }}",
            properties: {
              title: { type: "string", title: s.label, minLength: 1 },
              name: { type: "string", title: s.name, pattern: "^[a-z][a-z0-9_]*$", minLength: 1, description: s.name_help },
              kind: {
                type: "string",
                title: s.kind,
                enum: kinds,
                default: "text",
                options: { enum_titles: kinds.map(function (kind) { return labels.kinds[kind]; }) },
              },
              required: { type: "boolean", title: s.required, format: "checkbox", default: false },
              description: { type: "string", title: s.description, format: "textarea" },
              choices: {
                type: "array",
                title: s.choices,
                format: "table",
                items: { type: "string", title: s.choice },
                options: { dependencies: { kind: "choice" } },
              },
              max_length: number(s.max_length, "text", "^([1-9][0-9]*)?$"),
              minimum: number(s.minimum, ["integer", "number"], "^(-?[0-9]+([.][0-9]+)?)?$"),
              maximum: number(s.maximum, ["integer", "number"], "^(-?[0-9]+([.][0-9]+)?)?$"),
            },
            required: ["title", "name", "kind", "required", "description", "choices", "max_length", "minimum", "maximum"],
          },
        },
      },
      required: ["title", "fields"],
    };
  }

  function cookie(name) {
    const found = document.cookie.split("; ").find(function (row) { return row.indexOf(name + "=") === 0; });
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : cookie("csrftoken");
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function setUp(root) {
    const textarea = root.querySelector("textarea");
    const labels = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    const holder = root.querySelector(".eform-editor-holder");
    const problem = root.querySelector(".eform-editor-problem");
    const raw = root.querySelector(".eform-editor-raw");
    const toggle = root.querySelector(".eform-editor-advanced");
    const previewHost = root.querySelector(".eform-editor-preview-body");
    const shadow = previewHost.attachShadow({ mode: "open" });
    let original = null;
    let timer = null;
    let asked = 0;

    function say(message) {
      problem.textContent = message || "";
      problem.hidden = !message;
    }

    function readTextarea() {
      const text = textarea.value.trim();
      if (!text) return { schema: null };
      try {
        return { schema: JSON.parse(text) };
      } catch (error) {
        return { error: error.message };
      }
    }

    function showPreview(html) {
      shadow.innerHTML = "";
      [root.dataset.siteCss, root.dataset.previewCss].forEach(function (href) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        shadow.appendChild(link);
      });
      const body = document.createElement("div");
      body.className = "preview-page";
      body.innerHTML = html;
      shadow.appendChild(body);
    }

    function refreshPreview() {
      const number = ++asked;
      const body = new URLSearchParams({ schema: textarea.value });
      fetch(root.dataset.previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form), "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          if (response.status !== 200 && response.status !== 400) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) { if (number === asked) showPreview(html); })
        .catch(function () { if (number === asked) showPreview("<p>" + labels.messages.unreachable + "</p>"); });
    }

    function previewSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refreshPreview, 300);
    }

    const start = readTextarea();
    original = start.schema || null;
    window.JSONEditor.defaults.languages.motcua = labels.editor;
    window.JSONEditor.defaults.language = "motcua";
    const editor = new window.JSONEditor(holder, {
      schema: metaSchema(labels),
      startval: toEditor(start.error ? null : original),
      theme: "html",
      iconlib: null,
      disable_theme_rules: true,
      disable_edit_json: true,
      disable_properties: true,
      disable_collapse: true,
      disable_array_delete_all_rows: true,
      disable_array_delete_last_row: true,
      prompt_before_delete: true,
      show_errors: "change",
      no_additional_properties: true,
    });
    let ready = false;
    if (start.error) {
      say(format(labels.messages.bad_json, { error: start.error }));
      raw.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    }

    editor.on("ready", function () {
      ready = true;
      refreshPreview();
    });
    editor.on("change", function () {
      if (!ready) return;
      const value = editor.getValue();
      const names = (value.fields || []).map(function (field) { return field.name; });
      const twice = names.find(function (name, index) { return name && names.indexOf(name) !== index; });
      if (twice) {
        say(format(labels.messages.duplicate, { name: twice }));
        return;
      }
      say("");
      const empty = !value.title && !(value.fields || []).length && !original;
      const schema = toSchema(value, original);
      textarea.value = empty ? "" : JSON.stringify(schema, null, 2);
      previewSoon();
    });

    // The JSON edited by hand: the preview follows as it is typed, the editor when it can be read.
    textarea.addEventListener("input", previewSoon);
    textarea.addEventListener("change", function () {
      const read = readTextarea();
      if (read.error) {
        say(format(labels.messages.bad_json, { error: read.error }));
        return;
      }
      say("");
      original = read.schema;
      editor.setValue(toEditor(original));
    });
    toggle.addEventListener("click", function () {
      raw.hidden = !raw.hidden;
      toggle.setAttribute("aria-expanded", String(!raw.hidden));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.JSONEditor) return;
    patchTheme();
    document.querySelectorAll(".eform-editor").forEach(setUp);
  });
})();
