package dev.payrail.server.api;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every JSON object Payrail writes has the same key order on every run: a map built in order (LinkedHashMap,
 * the API's objects with id and object first) keeps it, and any other map (Map.of, whose iteration order the JVM
 * randomises per run; HashMap) is written with its keys sorted.
 */
final class StableMapOrder extends StdSerializer<Map<?, ?>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    StableMapOrder() {
        super((Class) Map.class);
    }

    @Override
    public void serialize(Map<?, ?> map, JsonGenerator gen, SerializationContext context) {
        Map<?, ?> ordered = map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?> || map.size() < 2
                ? map : new TreeMap<>(map);
        gen.writeStartObject(map);
        for (Map.Entry<?, ?> entry : ordered.entrySet()) {
            gen.writeName(String.valueOf(entry.getKey()));
            if (entry.getValue() == null) {
                gen.writeNull();
            } else {
                context.writeValue(gen, entry.getValue());
            }
        }
        gen.writeEndObject();
    }
}
