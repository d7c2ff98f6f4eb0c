// site-builder: starts Decap CMS with /admin/config.yml (made from the site's schema at each build).
// A file, not an inline script: the site's Content-Security-Policy allows scripts from the site only.
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS) {
    return;
  }
  var style = document.querySelector('meta[name="site-builder:preview-style"]');
  if (style && style.content) {
    CMS.registerPreviewStyle(style.content);
  }

  // The preview pane: the article as the site's own stylesheet shows it.
  var h = window.h;
  var createClass = window.createClass;
  function text(entry, name) {
    var value = entry.getIn(["data", name]);
    return value == null ? "" : String(value);
  }
  var ArticlePreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var image = entry.getIn(["data", "image"]);
      var figure = null;
      if (image && image.get("src")) {
        // The image through Decap's own preview widget: it shows an upload not yet saved, too.
        var parts = this.props.widgetsFor("image");
        figure = h(
          "figure",
          { className: "lead-image" },
          parts.getIn(["widgets", "src"]),
          image.get("caption") ? h("figcaption", {}, image.get("caption")) : null
        );
      }
      var section = text(entry, "section");
      return h(
        "main",
        { className: "wrap main-article" },
        h(
          "article",
          { className: "article" },
          h(
            "header",
            { className: "article-header" },
            section ? h("p", { className: "kicker" }, section) : null,
            h("h1", {}, text(entry, "title")),
            text(entry, "summary") ? h("p", { className: "lead" }, text(entry, "summary")) : null
          ),
          figure,
          h("div", { className: "body" }, this.props.widgetFor("body"))
        )
      );
    },
  });
  CMS.registerPreviewTemplate("articles", ArticlePreview);

  // The build's rule for images, checked before saving: a lead image needs a real alt text. (The
  // form cannot mark it required: Decap would then demand it of articles without an image.)
  var placeholders = [];
  var listed = document.querySelector('meta[name="site-builder:placeholder-alts"]');
  try {
    placeholders = JSON.parse(listed ? listed.content : "[]");
  } catch (e) {
    placeholders = [];
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var image = args.entry.getIn(["data", "image"]);
      var src = image && image.get ? image.get("src") : null;
      var alt = String((image && image.get && image.get("alt")) || "").trim();
      if (src && (!alt || placeholders.indexOf(alt.toLowerCase()) >= 0)) {
        throw new Error(
          "Ảnh đại diện cần mô tả (alt): tả những gì thấy trong ảnh, rồi lưu lại."
        );
      }
    },
  });

  // Locally, `site-builder serve` answers Decap's local-backend protocol at /api/v1 on its own
  // address: the CMS then reads and writes content/ with no account. Elsewhere it is not asked.
  var config = {};
  var loopback = ["localhost", "127.0.0.1", "[::1]"];
  if (loopback.indexOf(window.location.hostname) >= 0) {
    config.local_backend = {
      url: window.location.origin + "/api/v1",
      allowed_hosts: [window.location.hostname],
    };
  }
  CMS.init({ config: config });
})();
