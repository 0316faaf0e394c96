package dev.marketplace.live;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /ws/events} protocol (asyncapi.yaml): JSON text messages with a {@code type}. Client:
 * {@code subscribe}, {@code unsubscribe} (with {@code topics}), {@code ping}. Server: {@code welcome},
 * {@code subscribed}, {@code event}, {@code pong}, {@code error}. A bad message gets an {@code error}
 * message; the socket stays open.
 */
@Component
class LiveEventHandler extends TextWebSocketHandler {

    static final String SUBJECT = "marketplace.subject";

    private final LiveSessions sessions;
    private final JsonMapper json;
    private final Clock clock;

    LiveEventHandler(LiveSessions sessions, JsonMapper json, Clock clock) {
        this.sessions = sessions;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        LiveSessions.Live live =
                sessions.open(session, (String) session.getAttributes().get(SUBJECT));
        ObjectNode welcome = message("welcome");
        welcome.put("subject", live.subject);
        welcome.set("topics", json.valueToTree(new TreeSet<>(LiveTopics.ALL)));
        sessions.send(live, welcome.toString());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage text) {
        LiveSessions.Live live = sessions.get(session);
        if (live == null) {
            return;
        }
        live.lastSeen = clock.instant();
        JsonNode message;
        try {
            message = json.readTree(text.getPayload());
        } catch (JacksonException e) {
            sessions.send(live, error("invalid_json", "The message is not valid JSON.", null));
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isString()) {
            sessions.send(live, error("invalid_message", "A message is a JSON object with a string \"type\".", null));
            return;
        }
        JsonNode id = message.get("id");
        switch (message.get("type").asString()) {
            case "ping" -> {
                ObjectNode pong = message("pong");
                if (id != null) {
                    pong.set("id", id);
                }
                sessions.send(live, pong.toString());
            }
            case "subscribe", "unsubscribe" -> changeTopics(live, message, id);
            default ->
                sessions.send(
                        live, error("unknown_type", "Unknown message type; send subscribe, unsubscribe or ping.", id));
        }
    }

    private void changeTopics(LiveSessions.Live live, JsonNode message, JsonNode id) {
        JsonNode topics = message.get("topics");
        if (topics == null || !topics.isArray() || topics.isEmpty() || topics.size() > LiveTopics.ALL.size()) {
            sessions.send(
                    live,
                    error(
                            "invalid_topics",
                            "\"topics\" must list 1-" + LiveTopics.ALL.size() + " of " + new TreeSet<>(LiveTopics.ALL)
                                    + ".",
                            id));
            return;
        }
        List<String> requested = new ArrayList<>();
        for (JsonNode topic : topics) {
            if (!topic.isString() || !LiveTopics.ALL.contains(topic.asString())) {
                sessions.send(
                        live,
                        error(
                                "invalid_topics",
                                "Unknown topic; topics are " + new TreeSet<>(LiveTopics.ALL) + ".",
                                id));
                return;
            }
            requested.add(topic.asString());
        }
        if ("subscribe".equals(message.get("type").asString())) {
            live.topics.addAll(requested);
        } else {
            requested.forEach(live.topics::remove);
        }
        ObjectNode subscribed = message("subscribed");
        if (id != null) {
            subscribed.set("id", id);
        }
        subscribed.set("topics", json.valueToTree(new TreeSet<>(live.topics)));
        sessions.send(live, subscribed.toString());
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        LiveSessions.Live live = sessions.get(session);
        if (live != null) {
            live.lastSeen = clock.instant();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        sessions.close(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.close(session);
    }

    private ObjectNode message(String type) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        return node;
    }

    private String error(String code, String text, JsonNode id) {
        ObjectNode error = message("error");
        error.put("code", code);
        error.put("message", text);
        if (id != null) {
            error.set("id", id);
        }
        return error.toString();
    }

    static Set<String> topics() {
        return LiveTopics.ALL;
    }
}
