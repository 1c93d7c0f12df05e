import { officer } from "../auth.js";
import { startPage } from "../layout.js";

startPage({ signedIn: Boolean(officer()) });
