package dev.tejun.server.flows;

import io.javalin.http.Context;

/** Who makes a request. The one place to change when sign-in lands: until then every web user is anonymous. */
final class WebUser {

    static final String VIA = "web";

    private WebUser() {
    }

    static String of(Context ctx) {
        return "anonymous";
    }
}
