/* The npm build of WeChat's JS-SDK (jweixin-1.6.5.js beside this file, taken unchanged) ends in
   `module.exports = …` for bundlers; without a build step this page gives it an object to write to.
   It sets window.wx itself. */
var module = window.module || { exports: {} };
