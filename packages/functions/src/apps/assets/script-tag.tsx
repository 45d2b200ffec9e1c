import { STAFF_TOOLS_PATH } from "./index.js";

/** Loads the staff pages' script (copy, share, select all); the page works without it. */
export const StaffToolsScript = () => <script src={STAFF_TOOLS_PATH} defer />;
