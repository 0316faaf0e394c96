package dev.marketplace.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates hostile variants of one operation's request from its description in the spec: each variant starts
 * from a plausible request (examples from the spec) and breaks exactly one thing — a path id, a query parameter,
 * a header, the content type, the body's encoding or one property of it. Fixed hostile values cover the known
 * traps (blank ids, broken %-escapes, huge numbers, deep nesting, ...); a seeded random draw adds odd Unicode
 * strings and wrong-typed values, so runs are reproducible ({@code -Dhostile.seed}) yet vary over seeds.
 */
final class HostileRequests {

    /** One request to send. {@code body} null = no body; {@code contentType} null = no Content-Type header. */
    record Request(
            String what,
            String method,
            String pathAndQuery,
            String contentType,
            byte[] body,
            Map<String, String> headers,
            boolean credentialVariant,
            boolean onSpecPath) {
        /**
         * Worth sending anonymously to an operation that needs credentials: such a request is refused before
         * anything but the path, the query string and the credentials is read.
         */
        boolean beforeAuthentication() {
            return credentialVariant
                    || what.contains(": raw query")
                    || what.contains(": path ")
                    || what.contains(": baseline")
                    || what.contains("method")
                    || what.contains(": trailing")
                    || what.contains(": matrix")
                    || what.contains(": dot-dot");
        }

        boolean write() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String PLACEHOLDER_ID = "5d7f8e2a-3c4b-4d1e-9f6a-7b8c9d0e1f2a";

    /** Path ids, already in their URL form (sent as-is). */
    static final List<String> PATH_SEGMENTS = List.of(
            "%20",
            "%20%20%20",
            "%ZZ",
            "%C3%28",
            "%00",
            "-1",
            "99999999999999999999999999999",
            "a".repeat(300),
            PLACEHOLDER_ID.toUpperCase(),
            "%2F",
            "%09",
            "+",
            "%0A",
            "0",
            "1e309",
            "NaN",
            "null",
            "true",
            "%5B%5D",
            "%7B%7D",
            "..%3B",
            "%2E%2E",
            "%F0%9F%92%A9",
            "%E2%80%AE",
            "%ED%A0%80",
            "%25",
            "%27%20OR%20%271%27%3D%271",
            "*",
            "%",
            "%7B" + PLACEHOLDER_ID + "%7D",
            "%20" + PLACEHOLDER_ID,
            PLACEHOLDER_ID + "%20",
            PLACEHOLDER_ID + "0",
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            PLACEHOLDER_ID.replace("-", ""),
            "not-a-uuid",
            "%EF%BB%BF" + PLACEHOLDER_ID,
            "me",
            "export");

    /** Query values, already in their URL form (sent as-is, broken escapes included). */
    static final List<String> QUERY_VALUES = List.of(
            "",
            "abc",
            "%zz",
            "%C3%28",
            "99999999999999999999999999999",
            "-1",
            "%20",
            "0",
            "1.5",
            "1e309",
            "-99999999999999999999",
            "NaN",
            "true",
            "%5B%5D",
            "%",
            "%00",
            "%ED%A0%80",
            "%E2%80%AE",
            "%EF%BF%BF",
            "a".repeat(2000),
            "%F0%9F%92%A9".repeat(200),
            "2026-13-45T99:99:99Z",
            "%27%3B--");

    /** Whole raw query strings. */
    static final List<String> RAW_QUERIES = List.of(
            "a=%zz", "====", "%", "&&&", "=x", "a=%C3%28", "a[b]=1&a[b][c]=2", "zz_unknown=1", "a=" + "b".repeat(6000));

    /** Header values any header gets (the Java client refuses control characters and non-ASCII: those go as raw bytes elsewhere). */
    static final List<String> HEADER_VALUES = List.of(
            "",
            "a".repeat(4000),
            "abc",
            " ",
            "-1",
            "99999999999999999999999999",
            "\"unterminated",
            "*, *, *, *",
            "W/\"x\", , ,",
            "%zz",
            "\u00e9\u00ff");

    /** Odd strings for string properties, as Java strings (JSON-escaped when rendered). */
    static final List<String> ODD_STRINGS = List.of(
            "",
            " ",
            "\t\n",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "\udfff\ud800",
            "\u202e\u202dabc",
            "\ufeff",
            "\uffff",
            "\ufffd",
            "\uD83D\uDCA9".repeat(600),
            "Z\u0337\u0327\u031b\u0356a\u0334\u030f",
            "<script>alert(1)</script>",
            "'; DROP TABLE items; --",
            "%zz",
            "${jndi:ldap://x}",
            "\u0130\u0131\u00df\ufb03",
            "a".repeat(20_000),
            "\u0085\u2028\u2029",
            "../../etc/passwd",
            "{{7*7}}");

    private final SpecModel spec;
    private final Random random;

    HostileRequests(SpecModel spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    List<Request> variants(SpecModel.Operation op) {
        List<Request> out = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (SpecModel.Parameter p : op.parameters()) {
            switch (p.in()) {
                case "path" -> pathValues.put(p.name(), plausible(p.schema(), p.example()));
                case "query" -> {
                    if (p.required()) {
                        queryValues.put(p.name(), encode(plausible(p.schema(), p.example())));
                    }
                }
                case "header" -> {
                    if (p.required()) {
                        headers.put(p.name(), plausible(p.schema(), p.example()));
                    }
                }
                default -> {}
            }
        }
        SpecModel.Body body = op.bodies().isEmpty() ? null : op.bodies().getFirst();
        Base base = new Base(op, pathValues, queryValues, headers, body);

        out.add(base.request("baseline"));
        // Path ids: the known traps always, a seeded draw of the others.
        for (String name : pathValues.keySet()) {
            for (String segment : sample(PATH_SEGMENTS, 8, 3)) {
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, segment);
                out.add(base.withPath(values).request("path " + name + "=" + shorten(segment)));
            }
        }
        // Path shape.
        out.add(base.withSuffix("/").request("trailing slash"));
        out.add(base.withSuffix(";jsessionid=x").request("matrix parameter"));
        out.add(base.withSuffix("/%2e%2e/%2e%2e/actuator/env").request("dot-dot escape"));
        // Query parameters: every declared one, fixed and drawn values.
        for (SpecModel.Parameter p : op.parameters()) {
            if (!p.in().equals("query")) {
                continue;
            }
            for (String value : sample(QUERY_VALUES, 4, 2)) {
                Map<String, String> values = new LinkedHashMap<>(queryValues);
                values.put(p.name(), value);
                out.add(base.withQuery(values).request("query " + p.name() + "=" + shorten(value)));
            }
            out.add(base.withRawQuery(query(queryValues) + "&" + p.name() + "=1&" + p.name() + "=2")
                    .request("query " + p.name() + " twice"));
            out.add(base.withRawQuery(query(queryValues) + "&" + p.name())
                    .request("query " + p.name() + " without value"));
        }
        for (String raw : RAW_QUERIES) {
            out.add(base.withRawQuery(raw).request("raw query " + shorten(raw)));
        }
        // Declared headers.
        for (SpecModel.Parameter p : op.parameters()) {
            if (!p.in().equals("header")) {
                continue;
            }
            for (String value : sample(HEADER_VALUES, 2, 2)) {
                out.add(base.withHeader(p.name(), value).request("header " + p.name() + "=" + shorten(value)));
            }
            if (p.required()) {
                out.add(base.withoutHeader(p.name()).request("header " + p.name() + " missing"));
            }
        }
        // Headers every operation reads (a seeded draw).
        for (var header : draw(
                List.of(
                        Map.entry("Accept", "application/xml"),
                        Map.entry("Accept", "text/html"),
                        Map.entry("Accept", "*/*;q=abc"),
                        Map.entry("Accept", "application/json;q=0"),
                        Map.entry("Accept", "a/b/c"),
                        Map.entry("Accept-Language", "zz-ZZ-xx-yy-qq;q="),
                        Map.entry("Accept-Language", "*;q=0"),
                        Map.entry("Accept-Language", "de;q=1.5, " + "x;q=0.1, ".repeat(200)),
                        Map.entry("X-Request-Id", "a".repeat(600)),
                        Map.entry("X-Request-Id", "<script>"),
                        Map.entry("Idempotency-Key", ""),
                        Map.entry("Idempotency-Key", "k".repeat(5000)),
                        Map.entry("If-Match", "garbage"),
                        Map.entry("If-None-Match", "\"x"),
                        Map.entry("Range", "bytes=99999999999999999999-"),
                        Map.entry("Range", "bytes=5-1"),
                        Map.entry("traceparent", "00-zz-zz-zz"),
                        Map.entry("Origin", "null"),
                        Map.entry("X-Forwarded-For", "1.1.1.1, ::1, garbage")),
                4)) {
            out.add(base.withHeader(header.getKey(), header.getValue())
                    .request("header " + header.getKey() + "=" + shorten(header.getValue())));
        }
        // Credentials that must never authenticate, whatever the caller holds otherwise.
        for (var header : List.of(
                Map.entry("Authorization", "Bearer garbage"),
                Map.entry("Authorization", "Bearer "),
                Map.entry("Authorization", "Basic Zm9vOmJhcg=="),
                Map.entry("Authorization", "Bearer " + unsignedJwt()),
                Map.entry("Authorization", "Bearer " + "a".repeat(6000)),
                Map.entry("Authorization", "Bearer a.b.c"),
                Map.entry("X-API-Key", "mk_live_garbage"),
                Map.entry("X-API-Key", ""),
                Map.entry("Cookie", "mp_session=garbage; mp_csrf=x"))) {
            out.add(base.withHeader(header.getKey(), header.getValue())
                    .credential()
                    .request("credential " + header.getKey() + "=" + shorten(header.getValue())));
        }
        // Methods the path does not declare.
        out.add(base.withMethod("PUT".equals(op.method()) ? "PATCH" : "PUT").request("undeclared method"));
        out.add(base.withMethod("FOO").request("unknown method"));
        // Bodies.
        if (body != null) {
            out.addAll(bodyVariants(base, body));
        } else if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
            out.add(base.withBody("application/json", "{\"zz_unknown\":1}".getBytes(StandardCharsets.UTF_8))
                    .request("unexpected body"));
        }
        return out;
    }

    private List<Request> bodyVariants(Base base, SpecModel.Body body) {
        List<Request> out = new ArrayList<>();
        String type = body.mediaType();
        // Content types.
        for (String contentType : draw(
                List.of(
                        "text/plain",
                        "application/xml",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data",
                        "application/json; charset=EBCDIC-XYZ",
                        "application/json; charset=utf-16",
                        "*/*",
                        "garbage",
                        "application/json;;;",
                        "multipart/form-data; boundary=",
                        "application/merge-patch+json",
                        "application/json"),
                4)) {
            if (!contentType.equals(type)) {
                out.add(base.withBody(contentType, base.body).request("content type " + contentType));
            }
        }
        out.add(base.withBody(null, base.body).request("no content type"));
        out.add(base.withBody(type, null).request("no body"));
        out.add(base.withBody(type, new byte[0]).request("empty body"));
        out.add(base.withBody(type, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE})
                .request("invalid UTF-8"));
        if (type.contains("json")) {
            for (String raw : sample(
                    List.of(
                            "{",
                            "[".repeat(5000) + "]".repeat(5000),
                            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                            "{\"n\":" + "9".repeat(5000) + "}",
                            "null",
                            "{\"a\":\"\\ud800\"}",
                            "}",
                            "[]",
                            "\"x\"",
                            "123",
                            "1e400",
                            "{\"a\":}",
                            "{,}",
                            "{\"a\":1,}",
                            "\ufeff{}",
                            "{\"a\":1} trailing",
                            "\u0000",
                            "{\"a\":\"\\u0000\"}",
                            "{\"a\":1,\"a\":2}",
                            "{\"" + "k".repeat(100_000) + "\":1}"),
                    6,
                    4)) {
                out.add(base.withBody(type, raw.getBytes(StandardCharsets.UTF_8))
                        .request("raw json " + shorten(raw)));
            }
            out.addAll(jsonPropertyVariants(base, body));
        } else if (type.equals("application/x-www-form-urlencoded")) {
            for (String raw : List.of(
                    "a=%zz",
                    "====",
                    "%",
                    "&&&&",
                    "=x",
                    "a=%C3%28",
                    "%zz=1",
                    "a=%",
                    "a=%2",
                    new String(base.body, StandardCharsets.UTF_8) + "&a=%zz")) {
                out.add(base.withBody(type, raw.getBytes(StandardCharsets.UTF_8))
                        .request("raw form " + shorten(raw)));
            }
            out.addAll(formPropertyVariants(base, body));
        } else if (type.startsWith("multipart/")) {
            out.addAll(multipartVariants(base));
        }
        return out;
    }

    private List<Request> jsonPropertyVariants(Base base, SpecModel.Body body) {
        List<Request> out = new ArrayList<>();
        JsonNode example = base.json();
        if (!(example instanceof ObjectNode object)) {
            return out;
        }
        Map<String, Map<String, Object>> properties = spec.properties(body.schema());
        for (var entry : properties.entrySet()) {
            String name = entry.getKey();
            for (JsonNode value : hostileValues(entry.getValue())) {
                ObjectNode changed = object.deepCopy();
                changed.set(name, value);
                out.add(base.withJson(changed).request("property " + name + "=" + shorten(value.toString())));
            }
            // One level down: arrays of objects (order lines) and nested objects.
            Map<String, Object> schema = entry.getValue();
            Map<String, Object> items = schema.containsKey("items") ? spec.resolve(schema.get("items")) : null;
            Map<String, Map<String, Object>> nested = spec.properties(items != null ? items : schema);
            for (var inner : nested.entrySet()) {
                for (JsonNode value : draw(hostileValues(inner.getValue()), 2)) {
                    ObjectNode element = object.get(name) instanceof ArrayNode array
                                    && !array.isEmpty()
                                    && array.get(0) instanceof ObjectNode o
                            ? o.deepCopy()
                            : object.get(name) instanceof ObjectNode o2 ? o2.deepCopy() : NODES.objectNode();
                    element.set(inner.getKey(), value);
                    ObjectNode changed = object.deepCopy();
                    changed.set(name, items != null ? NODES.arrayNode().add(element) : element);
                    out.add(base.withJson(changed)
                            .request("property " + name + "." + inner.getKey() + "=" + shorten(value.toString())));
                }
            }
        }
        for (String name : spec.required(body.schema())) {
            ObjectNode changed = object.deepCopy();
            changed.remove(name);
            out.add(base.withJson(changed).request("missing " + name));
        }
        ObjectNode unknown = object.deepCopy();
        unknown.put("zz_unknown", 1);
        out.add(base.withJson(unknown).request("unknown property"));
        for (String readOnly : List.of("id", "created_at", "updated_at", "owner_id", "version", "user_id")) {
            if (!properties.containsKey(readOnly)
                    || Boolean.TRUE.equals(properties.get(readOnly).get("readOnly"))) {
                ObjectNode changed = object.deepCopy();
                changed.put(readOnly, readOnly.endsWith("_at") ? "2020-01-01T00:00:00Z" : PLACEHOLDER_ID);
                out.add(base.withJson(changed).request("read-only " + readOnly));
            }
        }
        // 2,000 levels inside a property: written as text (Jackson itself refuses to write more than 500).
        ObjectNode deep = object.deepCopy();
        deep.put(properties.keySet().stream().findFirst().orElse("a"), "__DEEP__");
        String nested = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        out.add(base.withBody(
                        base.contentType,
                        JSON.writeValueAsString(deep)
                                .replace("\"__DEEP__\"", nested)
                                .getBytes(StandardCharsets.UTF_8))
                .request("deeply nested property"));
        return out;
    }

    private List<Request> formPropertyVariants(Base base, SpecModel.Body body) {
        List<Request> out = new ArrayList<>();
        Map<String, String> fields = base.form();
        Map<String, Map<String, Object>> properties = spec.properties(body.schema());
        for (String name : properties.keySet()) {
            List<String> values = new ArrayList<>(List.of(
                    "",
                    "%20",
                    "abc",
                    "-1",
                    "99999999999999999999999999",
                    "%zz",
                    "%C3%28",
                    "%00",
                    "%ED%A0%80",
                    encode("a".repeat(20_000))));
            draw(ODD_STRINGS, 2).forEach(s -> values.add(encode(s)));
            for (String value : values) {
                Map<String, String> changed = new LinkedHashMap<>(fields);
                changed.put(name, value);
                out.add(base.withBody(body.mediaType(), form(changed)).request("field " + name + "=" + shorten(value)));
            }
            Map<String, String> twice = new LinkedHashMap<>(fields);
            String raw = new String(form(twice), StandardCharsets.UTF_8) + "&" + name + "=x&" + name + "=y";
            out.add(base.withBody(body.mediaType(), raw.getBytes(StandardCharsets.UTF_8))
                    .request("field " + name + " twice"));
        }
        for (String name : spec.required(body.schema())) {
            Map<String, String> changed = new LinkedHashMap<>(fields);
            changed.remove(name);
            out.add(base.withBody(body.mediaType(), form(changed)).request("missing " + name));
        }
        Map<String, String> unknown = new LinkedHashMap<>(fields);
        unknown.put("zz_unknown", "1");
        out.add(base.withBody(body.mediaType(), form(unknown)).request("unknown field"));
        return out;
    }

    private List<Request> multipartVariants(Base base) {
        List<Request> out = new ArrayList<>();
        String boundary = "hostileBoundary";
        String type = "multipart/form-data; boundary=" + boundary;
        for (var part : List.of(
                Map.entry(
                        "truncated",
                        "--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc"),
                Map.entry("no parts", "--" + boundary + "--\r\n"),
                Map.entry("garbage", "garbage"),
                Map.entry("wrong part name", multipart(boundary, "nofile", "a.png", "image/png", "abc")),
                Map.entry("text as png", multipart(boundary, "file", "a.png", "image/png", "not an image")),
                Map.entry("empty file", multipart(boundary, "file", "a.png", "image/png", "")),
                Map.entry("path traversal name", multipart(boundary, "file", "../../etc/passwd", "image/png", "x")),
                Map.entry(
                        "odd file name",
                        multipart(boundary, "file", "\u202e\u0000gnp.exe" + "x".repeat(5000), "image/png", "x")),
                Map.entry("odd part type", multipart(boundary, "file", "a.png", "garbage/;;", "x")),
                Map.entry(
                        "two files",
                        multipart(boundary, "file", "a.png", "image/png", "x").replace("--" + boundary + "--\r\n", "")
                                + multipart(boundary, "file", "b.png", "image/png", "y")))) {
            out.add(base.withBody(type, part.getValue().getBytes(StandardCharsets.UTF_8))
                    .request("multipart " + part.getKey()));
        }
        out.add(base.withBody(
                        "multipart/form-data; boundary=other",
                        multipart(boundary, "file", "a.png", "image/png", "x").getBytes(StandardCharsets.UTF_8))
                .request("multipart wrong boundary"));
        return out;
    }

    private static String multipart(String boundary, String name, String filename, String type, String content) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\n" + "Content-Type: " + type + "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    }

    /** Fixed values for a property's type (wrong types, boundaries, huge numbers) plus a random draw of odd ones. */
    private List<JsonNode> hostileValues(Map<String, Object> schema) {
        List<JsonNode> values = new ArrayList<>();
        Object type = schema.get("type");
        String kind = type instanceof List<?> list ? String.valueOf(list.getFirst()) : String.valueOf(type);
        values.add(NODES.nullNode());
        switch (kind) {
            case "string" -> {
                values.add(NODES.numberNode(123));
                values.add(NODES.objectNode());
                values.add(NODES.stringNode(
                        "a".repeat(schema.get("maxLength") instanceof Number max ? max.intValue() + 1 : 10_001)));
                if (schema.get("minLength") instanceof Number min && min.intValue() > 0) {
                    values.add(NODES.stringNode("a".repeat(min.intValue() - 1)));
                }
                draw(ODD_STRINGS, 2).forEach(s -> values.add(NODES.stringNode(s)));
            }
            case "integer", "number" -> {
                values.add(NODES.stringNode("12"));
                values.add(NODES.numberNode(new java.math.BigInteger("99999999999999999999999999999999")));
                values.add(NODES.numberNode(new java.math.BigDecimal("1e400")));
                values.add(NODES.numberNode(-1));
                values.add(NODES.numberNode(1.5));
                if (schema.get("minimum") instanceof Number min) {
                    values.add(NODES.numberNode(min.longValue() - 1));
                }
                if (schema.get("maximum") instanceof Number max) {
                    values.add(NODES.numberNode(max.longValue() + 1));
                }
            }
            case "boolean" -> {
                values.add(NODES.stringNode("true"));
                values.add(NODES.numberNode(1));
            }
            case "array" -> {
                values.add(NODES.objectNode());
                values.add(NODES.stringNode("a"));
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 2000; i++) {
                    many.add(i);
                }
                values.add(many);
                values.add(NODES.arrayNode().add(NODES.nullNode()));
            }
            default -> {
                values.add(NODES.arrayNode());
                values.add(NODES.stringNode("a"));
                values.add(NODES.booleanNode(true));
            }
        }
        if (schema.get("enum") != null) {
            values.add(NODES.stringNode("zz_not_a_value"));
        }
        return values;
    }

    /** The first {@code fixed} values (the known traps) always, plus {@code drawn} of the others at random. */
    private <T> List<T> sample(List<T> values, int fixed, int drawn) {
        List<T> picked = new ArrayList<>(values.subList(0, Math.min(fixed, values.size())));
        if (values.size() > fixed) {
            picked.addAll(draw(values.subList(fixed, values.size()), drawn));
        }
        return picked;
    }

    private <T> List<T> draw(List<T> from, int count) {
        List<T> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    /** A plausible value for a parameter: its example, else something of its type. */
    private static String plausible(Map<String, Object> schema, Object example) {
        if (example != null && !(example instanceof Map) && !(example instanceof List)) {
            return String.valueOf(example);
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return String.valueOf(values.getFirst());
        }
        if ("uuid".equals(schema.get("format"))) {
            return PLACEHOLDER_ID;
        }
        return "integer".equals(schema.get("type")) ? "1" : "x";
    }

    private static String unsignedJwt() {
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString("{\"sub\":\"admin\",\"scope\":\"users:admin items:write\",\"exp\":4102444800}"
                        .getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String query(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static byte[] form(Map<String, String> fields) {
        return query(fields).getBytes(StandardCharsets.UTF_8);
    }

    static String shorten(String s) {
        String printable = s.codePoints()
                .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c))
                .collect(Collectors.joining());
        return printable.length() > 40 ? printable.substring(0, 40) + "…(" + s.length() + ")" : printable;
    }

    /** The plausible request of one operation, and copies of it with one thing changed. */
    private final class Base {
        final SpecModel.Operation op;
        final String method;
        final Map<String, String> pathValues;
        final String suffix;
        final String rawQuery;
        final Map<String, String> headers;
        final String contentType;
        final byte[] body;
        final boolean credential;

        Base(
                SpecModel.Operation op,
                Map<String, String> pathValues,
                Map<String, String> queryValues,
                Map<String, String> headers,
                SpecModel.Body spec) {
            this(
                    op,
                    op.method(),
                    pathValues,
                    "",
                    query(queryValues),
                    headers,
                    spec == null
                            ? null
                            : spec.mediaType().startsWith("multipart/")
                                    ? spec.mediaType() + "; boundary=hostileBoundary"
                                    : spec.mediaType(),
                    spec == null ? null : render(spec),
                    false);
        }

        private Base(
                SpecModel.Operation op,
                String method,
                Map<String, String> pathValues,
                String suffix,
                String rawQuery,
                Map<String, String> headers,
                String contentType,
                byte[] body,
                boolean credential) {
            this.op = op;
            this.method = method;
            this.pathValues = pathValues;
            this.suffix = suffix;
            this.rawQuery = rawQuery;
            this.headers = headers;
            this.contentType = contentType;
            this.body = body;
            this.credential = credential;
        }

        Base withPath(Map<String, String> values) {
            return new Base(op, method, values, suffix, rawQuery, headers, contentType, body, credential);
        }

        Base withSuffix(String s) {
            return new Base(op, method, pathValues, s, rawQuery, headers, contentType, body, credential);
        }

        Base withQuery(Map<String, String> values) {
            return withRawQuery(query(values));
        }

        Base withRawQuery(String raw) {
            return new Base(op, method, pathValues, suffix, raw, headers, contentType, body, credential);
        }

        Base withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return new Base(op, method, pathValues, suffix, rawQuery, changed, contentType, body, credential);
        }

        Base withoutHeader(String name) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.remove(name);
            return new Base(op, method, pathValues, suffix, rawQuery, changed, contentType, body, credential);
        }

        Base withMethod(String m) {
            return new Base(op, m, pathValues, suffix, rawQuery, headers, contentType, body, credential);
        }

        Base withBody(String type, byte[] bytes) {
            return new Base(op, method, pathValues, suffix, rawQuery, headers, type, bytes, credential);
        }

        Base withJson(JsonNode json) {
            return withBody(contentType, JSON.writeValueAsBytes(json));
        }

        Base credential() {
            return new Base(op, method, pathValues, suffix, rawQuery, headers, contentType, body, true);
        }

        JsonNode json() {
            return body == null ? null : JSON.readTree(body);
        }

        Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            if (body != null && body.length > 0) {
                for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                    int eq = pair.indexOf('=');
                    fields.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            return fields;
        }

        Request request(String what) {
            String path = op.path();
            for (var e : pathValues.entrySet()) {
                path = path.replace("{" + e.getKey() + "}", e.getValue());
            }
            path += suffix;
            if (rawQuery != null && !rawQuery.isEmpty()) {
                path += "?" + rawQuery;
            }
            return new Request(
                    op.id() + ": " + what,
                    method,
                    path,
                    contentType,
                    body,
                    Map.copyOf(headers),
                    credential,
                    suffix.isEmpty());
        }
    }

    /** The spec's example for a body, rendered in its media type (multipart: a tiny file part). */
    private static byte[] render(SpecModel.Body body) {
        Object example = body.example();
        if (body.mediaType().contains("json")) {
            return JSON.writeValueAsBytes(example == null ? Map.of() : example);
        }
        if (body.mediaType().equals("application/x-www-form-urlencoded")) {
            Map<?, ?> fields = example instanceof Map<?, ?> m ? m : Map.of();
            return fields.entrySet().stream()
                    .map(e -> encode(String.valueOf(e.getKey())) + "=" + encode(String.valueOf(e.getValue())))
                    .collect(Collectors.joining("&"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return multipart("hostileBoundary", "file", "a.png", "image/png", "x").getBytes(StandardCharsets.UTF_8);
    }

    static UUID placeholder() {
        return UUID.fromString(PLACEHOLDER_ID);
    }
}
