// Eleventy site equivalent to site-builder's default theme, for bench/run.py.
// Input: a folder laid out by bench/convert.py (articles hard-linked from the generated site,
// these templates copied beside them). BENCH_NO_RELATED=1 leaves out the "Xem thêm" list.
const NO_RELATED = !!process.env.BENCH_NO_RELATED;
const PAGE_SIZE = 20;
const FEED_SIZE = 20;
const TZ_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh, no daylight saving

function vslug(text) {
  return String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
const local = (d) => new Date(d.getTime() + TZ_MS);
const pad = (n) => String(n).padStart(2, "0");
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function names(value) {
  if (value == null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "object" ? v.name : String(v)));
}
// The terms of an article with site-builder's weights: cluster or event 4, province 2, tag or section 1.
const KINDS = [
  ["cluster", "/cum-thi-dua/", 4], ["events", "/su-kien/", 4], ["provinces", "/tinh/", 2],
  ["tags", "/the/", 1], ["section", "/chuyen-muc/", 1],
];

let cache = null; // everything derived from the article list, computed once per build
function derive(api) {
  if (cache) return cache;
  const posts = api.getAll()
    .filter((p) => p.inputPath.includes("/articles/") && !p.data.draft)
    .sort((a, b) => b.date - a.date);
  const terms = new Map(); // kind|name -> {kind, name, url, items}
  const postTerms = posts.map((p, i) => {
    const keys = [];
    for (const [kind, base, weight] of KINDS) {
      for (const name of names(p.data[kind])) {
        const key = kind + "|" + name;
        if (!terms.has(key)) terms.set(key, { kind, name, url: base + vslug(name) + "/", items: [], weight });
        terms.get(key).items.push(i);
        keys.push(key);
      }
    }
    return keys;
  });
  const related = new Map();
  if (!NO_RELATED) { // count shared terms over posting lists: the usual way, its cost grows with the site
    const score = new Float64Array(posts.length);
    postTerms.forEach((keys, i) => {
      const touched = [];
      for (const key of keys) {
        const t = terms.get(key);
        for (const j of t.items) {
          if (j === i) continue;
          if (score[j] === 0) touched.push(j);
          score[j] += t.weight;
        }
      }
      touched.sort((a, b) => score[b] - score[a] || a - b); // newer first among equals
      related.set(posts[i].url, touched.slice(0, 5).map((j) => posts[j]));
      for (const j of touched) score[j] = 0;
    });
  }
  const termList = [...terms.values()].map((t) => ({ ...t, items: t.items.map((i) => posts[i]) }));
  cache = { posts, termList, related };
  return cache;
}

module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("images");
  // An image alone in its paragraph is a <figure>, its title the caption, as site-builder renders it.
  eleventyConfig.amendLibrary("md", (md) => {
    md.core.ruler.push("figures", (state) => {
      const out = [];
      const tokens = state.tokens;
      for (let i = 0; i < tokens.length; i++) {
        const kids = tokens[i].type === "paragraph_open" && i + 2 < tokens.length && tokens[i + 1].type === "inline"
          && tokens[i + 2].type === "paragraph_close"
          ? (tokens[i + 1].children || []).filter((c) => !(c.type === "text" && !c.content.trim())) : [];
        if (kids.length === 1 && kids[0].type === "image") {
          const image = kids[0], esc = md.utils.escapeHtml;
          const alt = md.renderer.renderInlineAsText(image.children || [], md.options, state.env);
          const title = image.attrGet("title");
          const figure = new state.Token("html_block", "", 0);
          figure.content = `<figure><img src="${esc(image.attrGet("src") || "")}" alt="${esc(alt)}">`
            + (title ? `<figcaption>${esc(title)}</figcaption>` : "") + "</figure>\n";
          out.push(figure);
          i += 2;
          continue;
        }
        out.push(tokens[i]);
      }
      state.tokens = out;
    });
  });
  eleventyConfig.addFilter("vslug", vslug);
  eleventyConfig.addFilter("dmy", (d) => { const l = local(d); return `${pad(l.getUTCDate())}/${pad(l.getUTCMonth() + 1)}/${l.getUTCFullYear()}`; });
  eleventyConfig.addFilter("dmyhm", (d) => { const l = local(d); return `${pad(l.getUTCDate())}/${pad(l.getUTCMonth() + 1)}/${l.getUTCFullYear()} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`; });
  eleventyConfig.addFilter("iso", (d) => local(d).toISOString().slice(0, 19) + "+07:00");
  eleventyConfig.addFilter("rfc822", (d) => { const l = local(d); return `${DAYS[l.getUTCDay()]}, ${pad(l.getUTCDate())} ${MONTHS[l.getUTCMonth()]} ${l.getUTCFullYear()} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())} +0700`; });
  eleventyConfig.addFilter("names", names);
  eleventyConfig.addFilter("related", (url) => (cache && cache.related.get(url)) || []);
  eleventyConfig.addFilter("latest", (url) => cache.posts.slice(0, 11).filter((p) => p.url !== url).slice(0, 10));

  eleventyConfig.addCollection("posts", (api) => derive(api).posts);
  // One entry per list page of every cluster, province, event, tag and section.
  eleventyConfig.addCollection("termPages", (api) => {
    const pages = [];
    for (const t of derive(api).termList) {
      const total = Math.max(1, Math.ceil(t.items.length / PAGE_SIZE));
      const hrefs = Array.from({ length: total }, (_, n) => (n === 0 ? t.url : `${t.url}page/${n + 1}/`));
      for (let n = 0; n < total; n++) {
        pages.push({ title: t.name, kind: t.kind, url: hrefs[n], number: n + 1, hrefs, feed: t.kind === "cluster" || t.kind === "provinces" ? t.url + "rss.xml" : null,
          items: t.items.slice(n * PAGE_SIZE, (n + 1) * PAGE_SIZE) });
      }
    }
    return pages;
  });
  eleventyConfig.addCollection("feedTerms", (api) => derive(api).termList
    .filter((t) => t.kind === "cluster" || t.kind === "provinces")
    .map((t) => ({ title: t.name, url: t.url, items: t.items.slice(0, FEED_SIZE) })));
  eleventyConfig.addCollection("termIndexes", (api) => {
    const list = derive(api).termList;
    return [["cluster", "/cum-thi-dua/", "Cụm thi đua"], ["provinces", "/tinh/", "Tỉnh, thành"]].map(([kind, url, title]) => ({
      url, title, terms: list.filter((t) => t.kind === kind).sort((a, b) => a.name.localeCompare(b.name, "vi")) }));
  });
  eleventyConfig.on("eleventy.before", () => { cache = null; });

  return {
    dir: { input: ".", includes: "_includes" },
    markdownTemplateEngine: false, // article bodies are plain Markdown, not Liquid templates
    htmlTemplateEngine: "njk",
  };
};
