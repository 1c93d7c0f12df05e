import { officer, safeNext, SignInError, signIn } from "../auth.js";
import { append, byId } from "../dom.js";
import { form, showErrors, textInput } from "../forms.js";
import { banner, startPage } from "../layout.js";

startPage({ signedIn: false });
const params = new URLSearchParams(window.location.search);
const next = safeNext(params.get("next") || "/");

if (officer() && !params.has("signed-out")) {
  window.location.replace(next);
} else {
  if (params.has("signed-out")) banner({ title: "You have signed out." });
  const username = textInput({
    name: "username",
    id: "username",
    label: "Username",
    autocomplete: "username",
    spellcheck: false,
    autocapitalize: "none",
    width: 20,
    required: "Enter your username",
  });
  const password = textInput({
    name: "password",
    id: "password",
    label: "Password",
    type: "password",
    autocomplete: "current-password",
    width: 20,
    required: "Enter your password",
  });
  const signInForm = form({
    id: "sign-in-form",
    fields: [username, password],
    submitText: "Sign in",
    validate: () => {
      const errors = [];
      if (!username.read()) errors.push({ field: username, message: username.required });
      if (!password.control.value) errors.push({ field: password, message: password.required });
      return errors;
    },
    onSubmit: async () => {
      try {
        await signIn(username.read(), password.control.value);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        password.control.value = "";
        showErrors([{ field: error.kind === "credentials" ? username : null, message: error.message }]);
        return;
      }
      window.location.assign(next);
    },
  });
  append(byId("sign-in"), [signInForm]);
  signInForm.start();
}
