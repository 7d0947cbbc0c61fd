package io.keycloakhooks.it;

import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/** The receivers a test started, stopped together after it. */
final class HookReceivers {

    private final List<HookReceiver> started = new ArrayList<>();

    HookReceiver start(HttpServer server, String path) {
        HookReceiver receiver = new HookReceiver(server, path);
        started.add(receiver);
        return receiver;
    }

    void stopAll() {
        started.forEach(HookReceiver::stop);
        started.clear();
    }
}
