/** strace text to model events. */
package dev.systrument.parser;
