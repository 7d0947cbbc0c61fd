package io.keycloakhooks.admin.console;

import io.keycloakhooks.config.HookKind;

/** The admin console's Webhooks page ({@code hooks-webhooks}). */
public class WebhooksPageFactory extends HookPageFactory {

    public WebhooksPageFactory() {
        super(HookKind.WEBHOOK);
    }
}
