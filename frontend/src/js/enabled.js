// Runs before the page renders (a classic script: the CSP allows no inline script).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
