import { z } from "zod";
import { readAccountForm } from "@/lib/http/form_body.ts";
import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import { PRIVACY_LEVELS } from "@/lib/posting/privacy_levels.ts";
import { setDefaultPrivacy } from "@/lib/posting/default_privacy.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/** The settings form (docs/dashboard.md#settings); nothing else is taken. */
const DefaultPrivacyForm = z.strictObject({
  privacy: z.enum(PRIVACY_LEVELS),
  [PAGE_ACCOUNT_FIELD]: z.string().max(200).optional(),
});

export const handler: Handlers = {
  async POST(c) {
    const { account, form } = await readAccountForm(
      c,
      DefaultPrivacyForm,
      "Choose who can view posts made through the API: Everyone, Friends, Followers or Only me.",
    );
    await setDefaultPrivacy(c.get("deps"), account.openId, form.privacy);
    return c.redirect(
      "/dashboard/settings?saved=default_privacy#default-privacy-saved",
      303,
    );
  },
};
