package org.efp.dr.common.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Parses {@code keyid:base64[,keyid2:base64...]} key lists. Errors name the variable, the entry's position and the
 * key id, never a key's bytes.
 */
final class KeyLists {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private KeyLists() {
    }

    /** What a key must be: its length range, the JCA algorithm, and how to say so in an error. */
    record Shape(int minBytes, int maxBytes, String algorithm, String requirement) {
    }

    static Map<String, SecretKey> parse(String keyList, String variable, Shape shape) {
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        String list = keyList == null ? "" : keyList.strip();
        if (list.isEmpty()) {
            return parsed;
        }
        String[] entries = list.split(",");
        for (int i = 0; i < entries.length; i++) {
            parseEntry(entries[i].strip(), i + 1, variable, shape, parsed);
        }
        return parsed;
    }

    private static void parseEntry(String entry, int position, String variable, Shape shape,
            Map<String, SecretKey> parsed) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            // the entry itself is not echoed: it may be a bare key
            throw new EncryptionConfigException("entry " + position + " of " + variable
                    + " is not 'keyid:base64-key' (entries are separated by commas)");
        }
        String id = entry.substring(0, colon).strip();
        if (!KEY_ID.matcher(id).matches()) {
            throw new EncryptionConfigException("entry " + position + " of " + variable
                    + " has an invalid key id: use 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (parsed.containsKey(id)) {
            throw new EncryptionConfigException(variable + " names key id '" + id + "' twice");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new EncryptionConfigException("key '" + id + "' in " + variable + " is not valid base64");
        }
        if (bytes.length < shape.minBytes() || bytes.length > shape.maxBytes()) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new EncryptionConfigException("key '" + id + "' in " + variable + " is " + length + " bytes; "
                    + shape.requirement());
        }
        parsed.put(id, new SecretKeySpec(bytes, shape.algorithm()));
        Arrays.fill(bytes, (byte) 0);
    }

    static String printable(String id) {
        return KEY_ID.matcher(id).matches() ? id : "<invalid id>";
    }
}
