package org.efp.dr.drctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One drctl command line run in this JVM: exit code, stdout, stderr. */
record Run(int exit, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Drctl.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }
}
