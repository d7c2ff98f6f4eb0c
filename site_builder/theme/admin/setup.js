// Loaded before decap-cms.js: the CMS waits for init.js, which adds the local backend and the preview.
window.CMS_MANUAL_INIT = true;
