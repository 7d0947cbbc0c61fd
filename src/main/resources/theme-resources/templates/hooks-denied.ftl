<#-- Shown when a prehook stops a browser sign-in or a sign-up through an identity provider (title: the
     attribute hooksTitleKey, default hooksDeniedTitle). The hook's message is the page message, printed by the
     theme's layout (escaped or through kcSanitize, by theme and version); the extension has already made hook
     text inert for both (PageText), so it appears as the plain text it is. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg(hooksTitleKey!"hooksDeniedTitle")}
    <#elseif section = "form">
        <div id="kc-hooks-denied">
            <p><a id="backToLogin" href="${url.loginRestartFlowUrl}">${kcSanitize(msg("backToLogin"))?no_esc}</a></p>
        </div>
    </#if>
</@layout.registrationLayout>
