package io.keycloakhooks.it;

import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The receivers a test started, stopped after it (register as a JUnit extension on an instance field). */
final class HookReceivers implements AfterEachCallback {

    private final List<HookReceiver> started = new ArrayList<>();

    HookReceiver start(HttpServer server, String path) {
        HookReceiver receiver = new HookReceiver(server, path);
        started.add(receiver);
        return receiver;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(HookReceiver::stop);
        started.clear();
    }
}
