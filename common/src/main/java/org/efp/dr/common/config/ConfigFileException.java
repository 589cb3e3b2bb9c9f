package org.efp.dr.common.config;

/** A seed configuration file is wrong: names the file, the key and what is wrong with it. */
public class ConfigFileException extends RuntimeException {

    private final String file;
    private final String key;

    public ConfigFileException(String file, String key, String problem) {
        super(file + ": " + key + ": " + problem);
        this.file = file;
        this.key = key;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}
