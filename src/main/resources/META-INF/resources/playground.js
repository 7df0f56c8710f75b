// Sandgate playground: one page, no framework, no build step. Everything a run returns is put into
// the page as text (textContent) or as a data:/blob: URL, never as HTML.
(() => {
  "use strict";

  const KEY_STORAGE = "sandgate.apiKey"; // sessionStorage only: gone when the tab closes
  const DEFAULT_RUNTIMES = [{ name: "pypy3" }, { name: "python3" }, { name: "python3-data" }];
  const MANAGEMENT_PORT = 9000;
  const INDENT = "    ";

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $("run-form"),
    key: $("api-key"),
    runtime: $("runtime"),
    code: $("code"),
    stdin: $("stdin"),
    args: $("args"),
    files: $("files"),
    run: $("run"),
    status: $("status"),
    error: $("error"),
    exitCode: $("exit-code"),
    duration: $("duration"),
    resultRuntime: $("result-runtime"),
    flags: $("flags"),
    stdout: $("stdout"),
    stderr: $("stderr"),
    outputs: $("outputs"),
  };

  let objectUrls = []; // download links of the last run, released on the next
  let runtimesRequest = 0; // only the latest GET /v1/runtimes is applied
  let runtimesKey = null; // the key the runtimes were last asked with
  let errorFrom = null; // "runtimes" or "run": a runtimes listing clears only its own error

  // ---- links to the management port ----------------------------------------------------------
  const management = `http://${location.hostname}:${MANAGEMENT_PORT}`;
  $("openapi-link").href = `${management}/q/openapi`;
  $("swagger-link").href = `${management}/q/swagger-ui`;

  // ---- the key ---------------------------------------------------------------------------------
  function storedKey() {
    try {
      return sessionStorage.getItem(KEY_STORAGE) || "";
    } catch (e) {
      return ""; // storage disabled: the key lives in the field only
    }
  }

  function storeKey(key) {
    try {
      if (key) {
        sessionStorage.setItem(KEY_STORAGE, key);
      } else {
        sessionStorage.removeItem(KEY_STORAGE);
      }
    } catch (e) {
      // storage disabled
    }
  }

  function currentKey() {
    return el.key.value.trim();
  }

  function authHeaders() {
    const key = currentKey();
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  // ---- runtimes --------------------------------------------------------------------------------
  function fillRuntimes(runtimes, source) {
    const wanted = el.runtime.value;
    el.runtime.replaceChildren();
    for (const r of runtimes) {
      const option = document.createElement("option");
      option.value = r.name;
      option.textContent = r.version ? `${r.name} (${r.version})` : r.name;
      el.runtime.append(option);
    }
    const names = runtimes.map((r) => r.name);
    if (names.includes(wanted)) {
      el.runtime.value = wanted;
    } else if (names.includes("python3")) {
      el.runtime.value = "python3";
    }
    el.runtime.dataset.source = source;
  }

  async function loadRuntimes() {
    if (runtimesKey === currentKey()) {
      return;
    }
    runtimesKey = currentKey();
    const request = ++runtimesRequest;
    if (!currentKey()) {
      if (errorFrom === "runtimes") {
        clearError();
      }
      fillRuntimes(DEFAULT_RUNTIMES, "defaults");
      return;
    }
    try {
      const response = await fetch("/v1/runtimes", { headers: { Accept: "application/json", ...authHeaders() } });
      if (request !== runtimesRequest) {
        return;
      }
      if (!response.ok) {
        showProblem(response, await readBody(response), "listing the runtimes");
        errorFrom = "runtimes";
        fillRuntimes(DEFAULT_RUNTIMES, "defaults");
        return;
      }
      const list = await response.json();
      if (!Array.isArray(list) || list.length === 0) {
        fillRuntimes(DEFAULT_RUNTIMES, "defaults");
        return;
      }
      if (errorFrom === "runtimes") {
        clearError();
      }
      fillRuntimes(list.filter((r) => r && typeof r.name === "string")
          .map((r) => ({ name: r.name, version: typeof r.version === "string" ? r.version : "" })), "server");
    } catch (e) {
      if (request === runtimesRequest) {
        showError(`Could not list the runtimes: ${e.message || e}`);
        errorFrom = "runtimes";
        runtimesKey = null; // a network failure: asked again on the next change
        fillRuntimes(DEFAULT_RUNTIMES, "defaults");
      }
    }
  }

  // ---- the editor ------------------------------------------------------------------------------
  let tabLeaves = false; // after Esc, one Tab moves focus on instead of indenting

  el.code.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      tabLeaves = true;
      return;
    }
    if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
      if (tabLeaves) {
        tabLeaves = false;
        return;
      }
      event.preventDefault();
      insertText(el.code, INDENT);
      return;
    }
    tabLeaves = false;
  });
  el.code.addEventListener("blur", () => {
    tabLeaves = false;
  });

  /** Inserts text at the caret, on the undo stack where the browser allows it. */
  function insertText(textarea, text) {
    textarea.focus();
    let done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // Ctrl+Enter (Cmd+Enter on a Mac) runs from anywhere on the page.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  el.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  // ---- input files -----------------------------------------------------------------------------
  function baseName(name) {
    const parts = String(name).split(/[\\/]/);
    return parts[parts.length - 1];
  }

  function readAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        const comma = url.indexOf(",");
        resolve(comma < 0 ? "" : url.slice(comma + 1));
      };
      reader.onerror = () => reject(reader.error || new Error(`could not read ${file.name}`));
      reader.readAsDataURL(file);
    });
  }

  async function inputFiles() {
    const files = [];
    for (const file of Array.from(el.files.files || [])) {
      files.push({ name: baseName(file.name), content: await readAsBase64(file), encoding: "base64" });
    }
    return files;
  }

  // ---- a run -----------------------------------------------------------------------------------
  let running = false;

  async function run() {
    if (running) {
      return;
    }
    running = true;
    el.run.disabled = true;
    el.form.setAttribute("aria-busy", "true");
    setStatus("Running…");
    clearError();
    clearResult();
    const started = performance.now();
    try {
      const body = {
        code: el.code.value,
        runtime: el.runtime.value,
        stdin: el.stdin.value,
        args: el.args.value.split(/\s+/).filter((a) => a.length > 0),
        files: await inputFiles(),
      };
      const response = await fetch("/v1/executions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
        body: JSON.stringify(body),
      });
      const answer = await readBody(response);
      if (!response.ok) {
        showProblem(response, answer, null);
        setStatus(`Failed (HTTP ${response.status}).`);
        return;
      }
      if (!answer || typeof answer !== "object") {
        showError("The gateway answered with something other than JSON.");
        setStatus("Failed.");
        return;
      }
      showResult(answer);
      setStatus(`Done in ${Math.round(performance.now() - started)} ms (round trip).`);
    } catch (e) {
      showError(`The request failed: ${e.message || e}`);
      setStatus("Failed.");
    } finally {
      running = false;
      el.run.disabled = false;
      el.form.removeAttribute("aria-busy");
    }
  }

  /** The body as JSON when it is JSON, else as text (or null). */
  async function readBody(response) {
    const text = await response.text();
    const type = response.headers.get("Content-Type") || "";
    if (/json/i.test(type)) {
      try {
        return JSON.parse(text);
      } catch (e) {
        return text;
      }
    }
    return text;
  }

  // ---- showing -----------------------------------------------------------------------------------
  function setStatus(text) {
    el.status.textContent = text;
  }

  function clearError() {
    errorFrom = null;
    el.error.replaceChildren();
    el.error.hidden = true;
  }

  function showError(text, hint) {
    errorFrom = "run";
    el.error.replaceChildren();
    const line = document.createElement("p");
    line.className = "error-line";
    line.textContent = text;
    el.error.append(line);
    if (hint) {
      const p = document.createElement("p");
      p.className = "error-hint";
      p.textContent = hint;
      el.error.append(p);
    }
    el.error.hidden = false;
  }

  /** An RFC 9457 problem as "status title: detail", with a hint for the usual causes. */
  function showProblem(response, body, doing) {
    const problem = body && typeof body === "object" ? body : {};
    const status = problem.status || response.status;
    const title = problem.title || response.statusText || "Error";
    let detail = problem.detail;
    if (!detail && typeof body === "string" && body.trim()) {
      detail = body.trim().slice(0, 500);
    }
    let text = `${status} ${title}`;
    if (detail) {
      text += `: ${detail}`;
    }
    let hint = doing ? `(While ${doing}.)` : "";
    if (status === 401) {
      hint = "Check the API key: it must be one of this gateway's tenants' keys.";
    } else if (status === 429 || status === 503) {
      const after = response.headers.get("Retry-After");
      if (after) {
        hint = `Retry after ${after} s (Retry-After: ${after}).`;
      }
    }
    showError(text, hint);
  }

  function clearResult() {
    el.exitCode.textContent = "—";
    el.duration.textContent = "—";
    el.resultRuntime.textContent = "—";
    el.stdout.textContent = "";
    el.stderr.textContent = "";
    for (const item of el.flags.querySelectorAll("[data-flag]")) {
      item.classList.remove("on");
      item.removeAttribute("aria-label");
    }
    for (const url of objectUrls) {
      URL.revokeObjectURL(url);
    }
    objectUrls = [];
    el.outputs.replaceChildren();
  }

  function showResult(r) {
    el.exitCode.textContent = r.exitCode === null || r.exitCode === undefined ? "none" : String(r.exitCode);
    el.exitCode.classList.toggle("bad", r.exitCode !== 0);
    el.duration.textContent = typeof r.durationMs === "number" ? `${r.durationMs} ms` : "—";
    el.resultRuntime.textContent = r.runtime ? String(r.runtime) : "—";
    for (const item of el.flags.querySelectorAll("[data-flag]")) {
      const name = item.dataset.flag;
      const on = r[name] === true;
      item.classList.toggle("on", on);
      item.setAttribute("aria-label", `${name}: ${on ? "true" : "false"}`);
    }
    el.stdout.textContent = r.stdout == null ? "" : String(r.stdout);
    el.stderr.textContent = r.stderr == null ? "" : String(r.stderr);
    showFiles(Array.isArray(r.files) ? r.files : [], r.filesTruncated === true);
  }

  function showFiles(files, filesTruncated) {
    el.outputs.replaceChildren();
    if (files.length === 0) {
      const p = document.createElement("p");
      p.className = "empty";
      p.textContent = "No files returned.";
      el.outputs.append(p);
    }
    for (const f of files) {
      if (f && typeof f === "object") {
        el.outputs.append(fileView(f));
      }
    }
    if (filesTruncated) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = "Some output files were left out or listed without content: past the run's limits.";
      el.outputs.append(p);
    }
  }

  const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;

  function fileView(f) {
    const name = typeof f.name === "string" ? f.name : "file";
    const type = typeof f.contentType === "string" ? f.contentType : "application/octet-stream";
    const figure = document.createElement("figure");
    figure.className = "file";

    const hasContent = !f.truncated && typeof f.content === "string"
        && (f.encoding === "base64" || f.encoding === "utf8");
    if (hasContent && IMAGE_TYPE.test(type)) {
      const img = document.createElement("img");
      const base64 = f.encoding === "base64" ? f.content : utf8ToBase64(f.content);
      img.src = `data:${type};base64,${base64}`;
      img.alt = name;
      img.loading = "eager";
      figure.classList.add("image");
      figure.append(img);
    } else if (hasContent && f.encoding === "utf8") {
      const pre = document.createElement("pre");
      pre.className = "out";
      pre.tabIndex = 0;
      pre.textContent = f.content;
      figure.append(pre);
    }

    const caption = document.createElement("figcaption");
    const label = document.createElement("span");
    label.className = "file-name";
    label.textContent = name;
    caption.append(label);
    const facts = document.createElement("span");
    facts.className = "file-facts";
    facts.textContent = ` ${type}, ${formatSize(f.size)}`;
    caption.append(facts);
    if (hasContent) {
      const link = document.createElement("a");
      link.className = "download";
      link.download = baseName(name) || "file";
      // Downloaded as opaque bytes: a blob: URL shares this page's origin, so a returned HTML
      // file must never be opened from one as HTML.
      const blob = new Blob([f.encoding === "base64" ? base64ToBytes(f.content) : f.content],
          { type: "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      objectUrls.push(url);
      link.href = url;
      link.textContent = "Download";
      link.setAttribute("aria-label", `Download ${name}`);
      caption.append(" ", link);
    } else {
      const note = document.createElement("span");
      note.className = "note";
      note.textContent = " (too large, not returned)";
      caption.append(note);
    }
    figure.append(caption);
    return figure;
  }

  function formatSize(size) {
    if (typeof size !== "number" || !isFinite(size)) {
      return "size unknown";
    }
    if (size < 1024) {
      return `${size} B`;
    }
    if (size < 1024 * 1024) {
      return `${(size / 1024).toFixed(1)} KiB`;
    }
    return `${(size / 1024 / 1024).toFixed(1)} MiB`;
  }

  function base64ToBytes(base64) {
    try {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      return bytes;
    } catch (e) {
      return new Uint8Array(0);
    }
  }

  function utf8ToBase64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  // ---- start -----------------------------------------------------------------------------------
  let keyTimer = 0;
  el.key.value = storedKey();
  el.key.addEventListener("input", () => {
    storeKey(currentKey());
    clearTimeout(keyTimer);
    keyTimer = setTimeout(loadRuntimes, 300);
  });
  el.key.addEventListener("change", () => {
    storeKey(currentKey());
    clearTimeout(keyTimer);
    loadRuntimes();
  });
  loadRuntimes();
})();
