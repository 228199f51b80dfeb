package org.splicelab.hunt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions a replay file records: splicelab, Akka, Chronicle Bytes and Java. */
public final class Versions {
    private Versions() {
    }

    public static Map<String, String> current() {
        final Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/splicelab-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("splicelab", p.getProperty("version", "unknown"));
        m.put("akka", akka.Version.current());
        m.put("chronicle-bytes", p.getProperty("chronicle-bytes", "unknown"));
        m.put("java", System.getProperty("java.version"));
        return m;
    }
}
