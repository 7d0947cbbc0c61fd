package io.keycloakhooks.admin.console;

import io.keycloakhooks.config.HookKind;

/** The admin console's Prehooks page ({@code hooks-prehooks}). */
public class PrehooksPageFactory extends HookPageFactory {

    public PrehooksPageFactory() {
        super(HookKind.PREHOOK);
    }
}
