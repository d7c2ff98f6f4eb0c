// Every article: the article layout and site-builder's URL /yyyy/mm/slug/ (drafts are not written).
module.exports = {
  layout: "article.njk",
  eleventyComputed: {
    permalink: (data) => {
      if (data.draft) return false;
      const d = new Date(data.page.date.getTime() + 7 * 3600 * 1000);
      return `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${data.page.fileSlug}/`;
    },
  },
};
