// boardpack: the site's search page, over Pagefind's index (its pagefind.js API).
// The form (#site-search) says where the bundle is (data-bundle) and where the site's
// root is (data-root), both relative to the page. Results are drawn with text nodes
// only: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  const form = document.getElementById("site-search");
  if (!form) { return; }
  const input = form.querySelector("input[type=search]");
  const status = document.getElementById("site-search-status");
  const list = document.getElementById("site-search-results");
  const here = new URL(document.location.href);
  const root = new URL(form.dataset.root || "./", here);
  const bundle = new URL(form.dataset.bundle || "pagefind/", here);
  let pagefind = null;
  let latest = 0;

  function site(path) {
    return new URL(String(path).replace(/^\/+/, ""), root).href;
  }

  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function say(text) {
    status.textContent = text;
  }

  function show(data) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const page = site(data.meta.target || data.raw_url || data.url);
    heading.appendChild(link(data.meta.title || page, page));
    item.appendChild(heading);
    if (data.meta.kind) {
      const kind = document.createElement("p");
      kind.className = "search-kind";
      kind.textContent = data.meta.kind;
      item.appendChild(kind);
    }
    const excerpt = document.createElement("p");
    excerpt.textContent = data.plain_excerpt || "";
    item.appendChild(excerpt);
    if (data.meta.meeting && data.meta.meeting_url) {
      const meeting = document.createElement("p");
      meeting.className = "search-meeting";
      meeting.appendChild(document.createTextNode("Meeting: "));
      meeting.appendChild(link(data.meta.meeting, site(data.meta.meeting_url)));
      item.appendChild(meeting);
    }
    const parts = (data.sub_results || []).filter(s => s.anchor && s.anchor.id).slice(0, 3);
    if (parts.length) {
      const sub = document.createElement("ul");
      for (const part of parts) {
        const li = document.createElement("li");
        li.appendChild(link(part.title, page.split("#")[0] + "#" + part.anchor.id));
        sub.appendChild(li);
      }
      item.appendChild(sub);
    }
    return item;
  }

  async function run(term) {
    const mine = ++latest;
    list.replaceChildren();
    if (!term.trim()) { say(""); return; }
    say("Searching…");
    const found = await pagefind.search(term);
    const shown = await Promise.all(found.results.slice(0, 20).map(r => r.data()));
    if (mine !== latest) { return; }
    for (const data of shown) { list.appendChild(show(data)); }
    const n = found.results.length;
    say(n === 0 ? `No results for “${term}”.`
      : `${n} result${n === 1 ? "" : "s"} for “${term}”` + (n > 20 ? ", the first 20 shown." : "."));
  }

  async function start() {
    try {
      pagefind = await import(new URL("pagefind.js", bundle).href);
      await pagefind.init();
    } catch (error) {
      say("Search could not start here: it works when the site is served by a web server " +
          "(opened from files, the browser blocks it). Browse by committee instead.");
      document.documentElement.dataset.searchReady = "failed";
      return;
    }
    form.hidden = false;
    let timer = null;  // a search as one types, a moment after the last key
    form.addEventListener("submit", event => {
      event.preventDefault();
      clearTimeout(timer);  // searched now: the one as typed would only do it again
      const url = new URL(document.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(input.value), 250);
    });
    const asked = here.searchParams.get("q");
    if (asked) {
      input.value = asked;
      run(asked);
    }
    document.documentElement.dataset.searchReady = "true";
  }

  start();
}());
