package com.example.fn;

import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;

/** An entry class in a package. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.text(Entry.class.getName()));
    }
}
