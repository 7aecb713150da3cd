package dev.maildock.rar.imap;

import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.CopyResult;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.StoreResult;
import dev.maildock.rar.api.imap.UidSet;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.SessionChannel;
import dev.maildock.rar.smtp.SaslExchange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One IMAP session (RFC 9051 section 3, RFC 3501 for IMAP4rev1 clients): the not authenticated,
 * authenticated, selected and logout states, behind an {@link ImapFramer} in the pipeline.
 * <p>
 * Runs on the connection's event loop and never blocks it. Every command runs to its tagged answer
 * before the next is framed: a command that asks the platform pauses the framer and the socket
 * ({@link #ask}) and the answer, back on this loop, resumes them. Pipelined commands wait meanwhile
 * in the framer's buffer or the kernel, never in a queue of ours.
 */
final class ImapSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ImapSession.class.getName());

    private enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final String service;
    private final EndpointDispatcher<ImapListener> dispatcher;
    private final ImapSettings settings;
    private final SslContext sslContext;
    private final ConnectionLimits limits;
    private final ImapCapabilities capabilities;
    private final MailboxWatcher watcher;
    private final EnabledExtensions enabled = new EnabledExtensions();
    /** Resumes framing once a platform answer was handled: one object for every call. */
    private final Runnable answered = this::release;

    private ChannelHandlerContext ctx;
    private SessionChannel<ImapListener> channel;
    private ImapFramer framer;
    private State state = State.NOT_AUTHENTICATED;
    /** Platform calls and login delays under way: the framer and the socket stay paused while above 0. */
    private int holds;
    private boolean tls;
    private ClientInfo client;
    /** The identity a successful login returned. */
    private String account;
    private int failedLogins;
    /** An AUTHENTICATE exchange under way: the next line is a SASL response, not a command. */
    private SaslExchange sasl;
    private String saslTag;
    private SelectedMailbox selected;
    /** The selected mailbox's name, as the platform writes it. */
    private String selectedName;
    private MailboxWatcher.Registration registration;
    /** The watcher reported a change of the selected mailbox not yet told to the client. */
    private boolean changed;
    /** The tag of the IDLE under way, or null. */
    private String idleTag;
    /** The next step of a FETCH (a slice, a chunk of a large message), waiting for the socket to drain. */
    private Runnable nextFetchStep;

    ImapSession(String service, EndpointDispatcher<ImapListener> dispatcher, ImapSettings settings,
                SslContext sslContext, ConnectionLimits limits, ImapCapabilities capabilities,
                MailboxWatcher watcher) {
        this.service = service;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.sslContext = sslContext;
        this.limits = limits;
        this.capabilities = capabilities;
        this.watcher = watcher;
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = new SessionChannel<>(ctx, dispatcher, limits);
        this.framer = ctx.pipeline().get(ImapFramer.class);
        channel.startDeadlines(settings.idleTimeout(), 0, this::autologout, this::backlogExceeded);
        tls = settings.tlsMode() == ImapSettings.TlsMode.IMPLICIT;
        client = new ClientInfo(channel.remoteAddress(), channel.localAddress(), service, tls);
        // Frame nothing before the greeting: a client that talks first gets no answers from a
        // half-initialised session.
        framer.pause();
        holds = 1;
        if (!channel.tryAcquireSlot()) {
            bye(ImapReply.BYE_TOO_MANY_CONNECTIONS);
        } else {
            SslHandler implicit = ctx.pipeline().get(SslHandler.class);
            if (implicit != null) {
                // Greet inside the finished handshake; the socket reads meanwhile or the
                // ClientHello would never arrive.
                implicit.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        admit();
                    }
                });
            } else {
                channel.pauseInput();
                admit();
            }
        }
        ctx.fireChannelActive();
    }

    private void admit() {
        ClientInfo admitted = client;
        channel.call(listener -> listener.connect(admitted), this::greet);
    }

    private void greet(ConnectVerdict verdict, Throwable failure) {
        if (state == State.LOGOUT) {
            return;
        }
        if (failure != null || verdict == null) {
            LOG.log(Level.WARNING, "MAILDOCK0401W: The IMAP platform could not admit a client; it got BYE.", failure);
            bye(ImapReply.BYE_UNAVAILABLE);
            return;
        }
        switch (verdict.outcome()) {
            case ACCEPT -> {
                ByteBuf out = channel.newReply();
                ImapReply.write(out, null, ImapReply.Status.OK, ResponseCode.CAPABILITY, String.join(" ",
                        capabilityList()), "Maildock IMAP4rev2 server ready");
                channel.send(out);
                release();
            }
            case TEMPORARY_FAILURE -> bye(ImapReply.BYE_UNAVAILABLE);
            case PERMANENT_FAILURE -> bye(ImapReply.BYE_REFUSED);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ImapFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.LOGOUT) {
            if (frame instanceof ImapFrame.Command command) {
                command.release();
            }
            return;
        }
        channel.restartDeadline();
        if (frame instanceof ImapFrame.Command command) {
            if (sasl != null) {
                saslResponse(command);
            } else if (idleTag != null) {
                idleLine(command);
            } else {
                command(command);
            }
        } else if (frame instanceof ImapFrame.LiteralRequest request) {
            literalRequested(request);
        } else if (frame instanceof ImapFrame.Refused refused) {
            refused(refused);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // The channel learns first that the client read: a FETCH step run now sends as on a
        // writable channel. Run before, its octets counted as sent to a client that does not
        // read, and a long FETCH (a first sync) was cut after 1 MiB of such steps.
        boolean open = channel.writabilityChanged();
        if (ctx.channel().isWritable() && nextFetchStep != null) {
            Runnable next = nextFetchStep;
            nextFetchStep = null;
            next.run();
            release();
        }
        // Frame no command whose answer would only queue up behind the unread ones.
        if (open) {
            framer.resume();
        } else if (channel.backlogged()) {
            framer.pause();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * RFC 9051 section 5.4: the autologout timer (at least 30 minutes) runs per command, not per
     * octet, and not while the platform is asked; an IDLE lasts at most as long.
     */
    private void autologout() {
        if (state != State.LOGOUT) {
            bye(ImapReply.BYE_IDLE);
        }
    }

    /** The session kept answering a client that does not read: see {@link SessionChannel#send}. */
    private void backlogExceeded() {
        state = State.LOGOUT;
        LOG.warning(() -> "MAILDOCK0400W: The IMAP client " + channel.remoteAddress()
                + " does not read its responses; the session is closed.");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.LOGOUT;
        stopWatching();
        channel.releaseSlot();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures and resets land here: nothing to answer on a broken channel.
        LOG.log(Level.FINE, "IMAP session failed", cause);
        state = State.LOGOUT;
        ctx.close();
    }

    // ---------------------------------------------------------------- frames

    /**
     * A synchronizing literal: RFC 9051 section 7.5 has the server send {@code +} when it will
     * read it, or a tagged answer instead. An APPEND message before login is refused unread.
     */
    private void literalRequested(ImapFrame.LiteralRequest request) {
        if (sasl != null || idleTag != null) {
            framer.refuseLiteral();
            endExchange();
        } else if (request.tag() == null) {
            framer.refuseLiteral();
            untagged(ImapReply.Status.BAD, "Invalid tag");
        } else if (state == State.NOT_AUTHENTICATED && request.message()) {
            framer.refuseLiteral();
            tagged(request.tag(), ImapReply.NOT_AUTHENTICATED);
        } else {
            continuation("Ready for literal data");
            framer.acceptLiteral();
        }
    }

    private void refused(ImapFrame.Refused refused) {
        if (sasl != null || idleTag != null) {
            endExchange();
            return;
        }
        ImapReply reply = switch (refused.reason()) {
            case LINE_TOO_LONG -> ImapReply.LINE_TOO_LONG;
            case LITERAL_TOO_BIG -> ImapReply.LITERAL_TOO_BIG;
            case MESSAGE_TOO_BIG -> ImapReply.APPEND_TOO_BIG;
        };
        tagged(refused.tag(), reply);
    }

    /** A line that breaks an AUTHENTICATE exchange or an IDLE ends it with a BAD. */
    private void endExchange() {
        if (sasl != null) {
            sasl = null;
            tagged(saslTag, ImapReply.AUTHENTICATION_MALFORMED);
        } else {
            stopIdle(ImapReply.IDLE_NOT_DONE);
        }
    }

    private void command(ImapFrame.Command frame) {
        ImapCommand command;
        try {
            command = ImapParser.parse(frame, enabled.utf8());
        } catch (ImapSyntaxException e) {
            frame.release();
            ByteBuf out = channel.newReply();
            ImapReply.write(out, e.tag(), ImapReply.Status.BAD, null, null, e.getMessage());
            channel.send(out);
            return;
        }
        if (command instanceof ImapCommand.Append) {
            frame.content().release(); // the spools are the command's now: append() closes them
        } else {
            frame.release();
        }
        ImapReply wrongState = stateProblem(command);
        if (wrongState != null) {
            closeSpools(command);
            tagged(command.tag(), wrongState);
        } else if (state == State.SELECTED && changed && !refreshes(command)) {
            // The mailbox changed meanwhile: tell the client before this command's answer.
            refresh(null, !ImapCommands.bySequenceNumber(command), () -> execute(command));
        } else {
            execute(command);
        }
    }

    /** Whether the command asks for the mailbox's changes itself. */
    private static boolean refreshes(ImapCommand command) {
        return command instanceof ImapCommand.Noop || command instanceof ImapCommand.Check
                || command instanceof ImapCommand.Idle;
    }

    /** RFC 9051 section 3: which commands each state accepts; null when this one may run now. */
    private ImapReply stateProblem(ImapCommand command) {
        return switch (ImapCommands.validIn(command)) {
            case ANY -> null;
            case NOT_AUTHENTICATED -> state == State.NOT_AUTHENTICATED ? null : ImapReply.ALREADY_AUTHENTICATED;
            case AUTHENTICATED -> state == State.NOT_AUTHENTICATED ? ImapReply.NOT_AUTHENTICATED : null;
            case SELECTED -> state == State.SELECTED ? null
                    : state == State.NOT_AUTHENTICATED ? ImapReply.NOT_AUTHENTICATED : ImapReply.NOT_SELECTED;
        };
    }

    private void execute(ImapCommand command) {
        String tag = command.tag();
        if (command instanceof ImapCommand.Capability) {
            capability(tag);
        } else if (command instanceof ImapCommand.Noop || command instanceof ImapCommand.Check) {
            noop(tag);
        } else if (command instanceof ImapCommand.Logout) {
            logout(tag);
        } else if (command instanceof ImapCommand.Id) {
            id(tag);
        } else if (command instanceof ImapCommand.StartTls) {
            startTls(tag);
        } else if (command instanceof ImapCommand.Login login) {
            login(login);
        } else if (command instanceof ImapCommand.Authenticate authenticate) {
            authenticate(authenticate);
        } else if (command instanceof ImapCommand.Enable enable) {
            enable(enable);
        } else if (command instanceof ImapCommand.Select select) {
            select(select);
        } else if (command instanceof ImapCommand.Create create) {
            String name = create.mailbox();
            mailboxOutcome(tag, listener -> listener.create(account, name, create.specialUse()));
        } else if (command instanceof ImapCommand.Delete delete) {
            mailboxOutcome(tag, listener -> listener.delete(account, delete.mailbox()));
        } else if (command instanceof ImapCommand.Rename rename) {
            mailboxOutcome(tag, listener -> listener.rename(account, rename.from(), rename.to()));
        } else if (command instanceof ImapCommand.Subscribe subscribe) {
            mailboxOutcome(tag, listener -> listener.subscribe(account, subscribe.mailbox(), subscribe.subscribe()));
        } else if (command instanceof ImapCommand.ListMailboxes list) {
            list(list);
        } else if (command instanceof ImapCommand.Namespace) {
            // RFC 2342 / RFC 9051 section 6.3.10: one personal namespace, no others.
            send(writer().raw("* NAMESPACE ((\"\" \"/\")) NIL NIL").crlf(), tag);
        } else if (command instanceof ImapCommand.Status status) {
            status(status);
        } else if (command instanceof ImapCommand.Idle) {
            idle(tag);
        } else if (command instanceof ImapCommand.Close) {
            close(tag);
        } else if (command instanceof ImapCommand.Unselect) {
            unselect();
            tagged(tag, ImapReply.COMPLETED);
        } else if (command instanceof ImapCommand.GetQuota getQuota) {
            quota(tag, getQuota.root(), null);
        } else if (command instanceof ImapCommand.GetQuotaRoot getQuotaRoot) {
            quota(tag, "", getQuotaRoot.mailbox());
        } else if (command instanceof ImapCommand.SetQuota) {
            // Quotas are the administrator's (RFC 9208 section 4.1.3 lets a server refuse).
            tagged(tag, ImapReply.NO_PERMISSION);
        } else if (command instanceof ImapCommand.Append append) {
            append(append);
        } else if (command instanceof ImapCommand.Store store) {
            store(store);
        } else if (command instanceof ImapCommand.Expunge expunge) {
            expunge(expunge);
        } else if (command instanceof ImapCommand.Copy copy) {
            copy(copy);
        } else if (command instanceof ImapCommand.Search search) {
            search(search);
        } else {
            fetch((ImapCommand.Fetch) command); // the last of the sealed ImapCommand's records
        }
    }

    private static void closeSpools(ImapCommand command) {
        if (command instanceof ImapCommand.Append append) {
            append.messages().forEach(message -> message.content().close());
        }
    }

    // ---------------------------------------------------------------- any state

    private void capability(String tag) {
        send(writer().raw("* CAPABILITY ").raw(String.join(" ", capabilityList())).crlf(), tag);
    }

    private List<String> capabilityList() {
        return state == State.NOT_AUTHENTICATED
                ? capabilities.beforeLogin(tls, startTlsAvailable(), plaintextAllowed())
                : capabilities.afterLogin();
    }

    /** NOOP and CHECK: in the selected state, what changed in the mailbox (RFC 9051 section 6.1.2). */
    private void noop(String tag) {
        if (state == State.SELECTED) {
            refresh(null, true, () -> tagged(tag, ImapReply.COMPLETED));
        } else {
            tagged(tag, ImapReply.COMPLETED);
        }
    }

    private void logout(String tag) {
        ByteBuf out = channel.newReply();
        ImapReply.BYE_LOGOUT.write(out, null);
        ImapReply.COMPLETED.write(out, tag);
        closeWith(out);
    }

    /** RFC 2971: the server's identity; what the client says of itself is not kept. */
    private void id(String tag) {
        send(writer().raw("* ID (\"name\" \"Maildock\")").crlf(), tag);
    }

    // ---------------------------------------------------------------- not authenticated

    private void startTls(String tag) {
        if (tls) {
            tagged(tag, ImapReply.TLS_ACTIVE);
        } else if (!startTlsAvailable()) {
            tagged(tag, ImapReply.TLS_UNAVAILABLE);
        } else {
            // RFC 9051 section 6.2.1: whatever the client sent after STARTTLS came in clear and may
            // have been injected by a man in the middle; throw it away.
            framer.discardBuffered();
            tagged(tag, ImapReply.BEGIN_TLS);
            // The OK has already passed the pipeline's head, so it leaves unencrypted.
            ctx.pipeline().addFirst("tls", sslContext.newHandler(ctx.alloc()));
            tls = true;
            client = new ClientInfo(client.remote(), client.local(), client.service(), true);
        }
    }

    private void login(ImapCommand.Login login) {
        if (!plaintextAllowed()) {
            tagged(login.tag(), ImapReply.PRIVACY_REQUIRED);
        } else {
            checkLogin(login.tag(), "LOGIN", login.user(), login.password());
        }
    }

    private void authenticate(ImapCommand.Authenticate authenticate) {
        Optional<SaslExchange.Mechanism> mechanism = SaslExchange.mechanism(authenticate.mechanism());
        if (mechanism.isEmpty()) {
            tagged(authenticate.tag(), ImapReply.UNKNOWN_MECHANISM);
        } else if (!plaintextAllowed()) {
            tagged(authenticate.tag(), ImapReply.PRIVACY_REQUIRED);
        } else {
            sasl = new SaslExchange(mechanism.get());
            saslTag = authenticate.tag();
            // RFC 4959 SASL-IR: "=" (parsed as "") is an empty initial response.
            String initial = authenticate.initialResponse();
            saslStep(sasl.start(initial == null ? null : initial.isEmpty() ? "=" : initial));
        }
    }

    private void saslResponse(ImapFrame.Command frame) {
        String line = frame.content().toString(StandardCharsets.US_ASCII);
        frame.release();
        saslStep(sasl.respond(line));
    }

    private void saslStep(SaslExchange.Step step) {
        String tag = saslTag;
        if (step instanceof SaslExchange.Challenge challenge) {
            continuation(challenge.base64());
            return;
        }
        sasl = null;
        if (step instanceof SaslExchange.Credentials credentials) {
            checkLogin(tag, credentials.mechanism().name(), credentials.user(), credentials.password());
        } else if (step instanceof SaslExchange.Cancelled) {
            // RFC 9051 section 6.2.2: a cancelled exchange is answered BAD.
            tagged(tag, ImapReply.AUTHENTICATION_CANCELLED);
        } else if (step instanceof SaslExchange.Refused) {
            loginFailed(tag, Duration.ZERO);
        } else {
            tagged(tag, ImapReply.AUTHENTICATION_MALFORMED);
        }
    }

    private void checkLogin(String tag, String mechanism, String user, String password) {
        ClientInfo who = client;
        ask(listener -> listener.login(who, mechanism, user, password), (AuthResult result, Throwable failure) -> {
            if (failure != null || result == null) {
                LOG.log(Level.WARNING, "MAILDOCK0402W: The IMAP platform could not check a login.", failure);
                tagged(tag, ImapReply.UNAVAILABLE);
                return;
            }
            switch (result.outcome()) {
                case SUCCESS -> {
                    account = result.identity();
                    state = State.AUTHENTICATED;
                    // RFC 9051 section 6.2.3: the capabilities change with the login; say them.
                    ByteBuf out = channel.newReply();
                    ImapReply.write(out, tag, ImapReply.Status.OK, ResponseCode.CAPABILITY,
                            String.join(" ", capabilities.afterLogin()), "Logged in");
                    channel.send(out);
                }
                case FAILURE -> loginFailed(tag, result.failureDelay());
                case TEMPORARY_FAILURE -> tagged(tag, ImapReply.UNAVAILABLE);
            }
        });
    }

    /**
     * Answers a failed login only after a pause (the platform's lockout delay, at least the
     * session's own), one answer whatever failed, and says BYE after too many.
     */
    private void loginFailed(String tag, Duration platformDelay) {
        Duration delay = platformDelay.compareTo(settings.failedLoginDelay()) > 0 ? platformDelay
                : settings.failedLoginDelay();
        boolean last = ++failedLogins >= settings.maxFailedLogins();
        hold();
        ctx.executor().schedule(() -> {
            if (state == State.LOGOUT) {
                return;
            }
            ByteBuf out = channel.newReply();
            ImapReply.AUTHENTICATION_FAILED.write(out, tag);
            if (last) {
                ImapReply.BYE_TOO_MANY_FAILURES.write(out, null);
                closeWith(out);
            } else {
                channel.send(out);
                release();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean startTlsAvailable() {
        return sslContext != null && settings.tlsMode() == ImapSettings.TlsMode.STARTTLS;
    }

    /** Whether a password may be sent now ({@code maildock.auth.plaintext}): LOGINDISABLED otherwise. */
    private boolean plaintextAllowed() {
        return settings.plaintextAuth().allows(tls, client.remote(), client.local());
    }

    // ---------------------------------------------------------------- authenticated

    private void enable(ImapCommand.Enable enable) {
        List<String> turnedOn = enabled.enable(enable.capabilities());
        ImapWriter out = writer().raw("* ENABLED");
        turnedOn.forEach(name -> out.sp().raw(name));
        send(out.crlf(), enable.tag());
    }

    /**
     * SELECT and EXAMINE (RFC 9051 sections 6.3.2 and 6.3.3). The selected mailbox is closed
     * first, whatever the answer: a failed SELECT leaves the session authenticated. With QRESYNC
     * (RFC 7162 section 3.2.5) the platform is asked, in the same hop, what changed since the
     * client's MODSEQ; the mailbox is the session's only once every response went out.
     */
    private void select(ImapCommand.Select select) {
        ImapCommand.Qresync qresync = select.qresync();
        if (qresync != null && !enabled.qresync()) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, select.tag(), ImapReply.Status.BAD, ResponseCode.CLIENTBUG, null,
                    "QRESYNC must be enabled first"); // RFC 7162 section 3.2.5
            channel.send(out);
            return;
        }
        boolean closing = state == State.SELECTED;
        unselect();
        String name = select.mailbox();
        String owner = account;
        boolean claimRecent = !select.readOnly() && !enabled.imap4rev2();
        ask(listener -> Opened.of(listener, owner, name, claimRecent, select), (Opened opened, Throwable failure) -> {
            ImapWriter out = writer();
            if (closing && (enabled.imap4rev2() || enabled.qresync())) {
                ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.CLOSED, null,
                        "Previous mailbox closed");
            }
            if (failure != null) {
                platformFailed(out, select.tag(), failure);
                return;
            }
            if (opened == null) {
                ImapReply.NONEXISTENT.write(out.buffer(), select.tag());
                channel.send(out.buffer());
                return;
            }
            if (select.condstore()) {
                enabled.useCondstore();
            }
            SelectedMailbox mailbox = opened.mailbox();
            MailboxResponses.selected(out, mailbox, opened.firstUnseenUid(), name, enabled);
            Consumer<ImapWriter> done = last -> {
                ImapReply.write(last.buffer(), select.tag(), ImapReply.Status.OK,
                        select.readOnly() ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE, null,
                        select.readOnly() ? "EXAMINE completed" : "SELECT completed");
                channel.send(last.buffer());
                selected = mailbox;
                selectedName = name;
                state = State.SELECTED;
                watch();
            };
            if (opened.resync() == null) {
                done.accept(out);
                return;
            }
            ImapCommand.Fetch fetch = new ImapCommand.Fetch(select.tag(), true, SequenceSet.ALL,
                    List.of(FetchItem.Simple.UID, FetchItem.Simple.FLAGS, FetchItem.Simple.MODSEQ), qresync.modSeq(), false);
            FetchResponder responder = new FetchResponder(fetch, true, true, !enabled.imap4rev2());
            changesSince(out, fetch, responder, mailbox, opened.known(), opened.resync(), done);
        });
    }

    private void mailboxOutcome(String tag, Function<ImapListener, MailboxOutcome> question) {
        askFor(tag, question, (outcome, out) -> {
            ImapReply.of(outcome).write(out.buffer(), tag);
            channel.send(out.buffer());
        });
    }

    private void list(ImapCommand.ListMailboxes list) {
        ListOptions options;
        try {
            options = MailboxResponses.options(list);
        } catch (IllegalArgumentException e) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, list.tag(), ImapReply.Status.BAD, ResponseCode.CLIENTBUG, null, e.getMessage());
            channel.send(out);
            return;
        }
        String owner = account;
        askFor(list.tag(), listener -> MailboxResponses.Listing.of(listener, owner, list, options), (listing, out) -> {
            listing.write(out, list.lsub(), settings.appendLimit());
            send(out, list.tag());
        });
    }

    private void status(ImapCommand.Status status) {
        String name = status.mailbox();
        askFor(status.tag(), listener -> listener.status(account, name), (MailboxStatus found, ImapWriter out) -> {
            if (found == null) {
                ImapReply.NONEXISTENT.write(out.buffer(), status.tag());
                channel.send(out.buffer());
            } else {
                MailboxResponses.status(out, name, found, status.items(), settings.appendLimit());
                send(out, status.tag());
            }
        });
    }

    /**
     * RFC 9208: one quota root, {@code ""}, the whole account, with STORAGE in units of 1,024
     * octets; an account without a limit has no quota root.
     *
     * @param mailbox the GETQUOTAROOT mailbox, or null for GETQUOTA
     */
    private void quota(String tag, String root, String mailbox) {
        if (!root.isEmpty()) {
            tagged(tag, ImapReply.NO_QUOTA_ROOT);
            return;
        }
        askFor(tag, listener -> listener.quota(account), (QuotaUsage usage, ImapWriter out) -> {
            boolean limited = usage.limitOctets() > 0;
            if (mailbox != null) {
                out.raw("* QUOTAROOT ").mailbox(mailbox);
                if (limited) {
                    out.raw(" \"\"");
                }
                out.crlf();
            } else if (!limited) {
                ImapReply.NO_QUOTA_ROOT.write(out.buffer(), tag);
                channel.send(out.buffer());
                return;
            }
            if (limited) {
                out.raw("* QUOTA \"\" (STORAGE ").number((usage.usedOctets() + 1023) / 1024).sp()
                        .number(usage.limitOctets() / 1024).raw(')').crlf();
            }
            send(out, tag);
        });
    }

    // ---------------------------------------------------------------- selected

    /** CLOSE (RFC 9051 section 6.4.1): a silent expunge when read-write, then authenticated. */
    private void close(String tag) {
        SelectedMailbox closing = selected;
        unselect();
        if (closing.readOnly()) {
            tagged(tag, ImapReply.COMPLETED);
            return;
        }
        String owner = account;
        askFor(tag, listener -> listener.expunge(owner, closing.mailboxId(), null), (expunged, out) -> send(out, tag));
    }

    /**
     * The command's sequence set as UIDs, or null after answering BAD for a sequence number beyond
     * the mailbox (RFC 9051 section 7.1), or NO when the command would change a read-only one.
     */
    private UidSet resolve(String tag, SequenceSet set, boolean uid, boolean changes) {
        UidSet uids = selected.resolve(set, uid);
        if (uids == null) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, tag, ImapReply.Status.BAD, ResponseCode.CLIENTBUG, null,
                    "Message sequence number beyond the mailbox");
            channel.send(out);
        } else if (changes && selected.readOnly()) {
            tagged(tag, ImapReply.READ_ONLY_MAILBOX);
            return null;
        }
        return uids;
    }

    /** STORE and UID STORE (RFC 9051 section 6.4.6, RFC 7162 UNCHANGEDSINCE). */
    private void store(ImapCommand.Store store) {
        UidSet uids = resolve(store.tag(), store.set(), store.uid(), true);
        if (uids == null) {
            return;
        }
        boolean announce = store.unchangedSince() >= 0 && enabled.useCondstore();
        FlagChange change = new FlagChange(store.operation(), store.flags(), store.keywords(), store.unchangedSince());
        SelectedMailbox mailbox = selected;
        String owner = account;
        askFor(store.tag(), listener -> listener.store(owner, mailbox.mailboxId(), uids, change), (StoreResult result, ImapWriter out) -> {
            List<MailboxUpdate> updates = mailbox.flagsStored(result.updated());
            if (store.silent()) {
                // .SILENT: no FETCH for the change itself; a new keyword's FLAGS still goes out.
                updates = updates.stream().filter(update -> update instanceof MailboxUpdate.Flags).toList();
            }
            MailboxResponses.updates(out, updates, enabled, store.uid());
            if (result.modified().length > 0) {
                // RFC 7162 section 3.1.3: the messages left alone, as UIDs or sequence numbers.
                ImapWriter set = writer();
                set.uids(store.uid() ? result.modified() : sequenceNumbers(mailbox, result.modified()));
                String modified = set.buffer().toString(StandardCharsets.US_ASCII);
                set.buffer().release();
                ImapReply.write(out.buffer(), store.tag(), ImapReply.Status.OK, ResponseCode.MODIFIED, modified,
                        "Conditional STORE failed");
                channel.send(out.buffer());
            } else {
                completed(out, store.tag(), announce ? mailbox : null);
            }
        });
    }

    /** EXPUNGE and UID EXPUNGE (RFC 9051 section 6.4.3, RFC 4315). */
    private void expunge(ImapCommand.Expunge expunge) {
        if (selected.readOnly()) {
            tagged(expunge.tag(), ImapReply.READ_ONLY_MAILBOX);
            return;
        }
        UidSet uids = expunge.uids() == null ? null : resolve(expunge.tag(), expunge.uids(), true, true);
        if (expunge.uids() != null && uids == null) {
            return;
        }
        SelectedMailbox mailbox = selected;
        String owner = account;
        askFor(expunge.tag(), listener -> listener.expunge(owner, mailbox.mailboxId(), uids), (long[] gone, ImapWriter out) -> {
            MailboxResponses.updates(out, mailbox.expunged(gone, enabled.qresync()), enabled, false);
            // Expunges by others are told too: a client that expunges expects its view settled.
            sendThenRefresh(out, expunge.uids() != null ? expunge.tag() : null, () -> {
                if (gone.length > 0 && enabled.condstore()) {
                    // RFC 7162 section 3.2.7: the MODSEQ the expunge reached, in the tagged OK.
                    ByteBuf done = channel.newReply();
                    ImapReply.write(done, expunge.tag(), ImapReply.Status.OK, ResponseCode.HIGHESTMODSEQ,
                            Long.toString(mailbox.modSeq()), "EXPUNGE completed");
                    channel.send(done);
                } else {
                    tagged(expunge.tag(), ImapReply.COMPLETED);
                }
            });
        });
    }

    /**
     * Sends {@code out}'s untagged responses, then the selected mailbox's changes, then {@code tagged}.
     *
     * @param uidTag the tag of a UID command (its FETCH responses carry UIDs), else null
     */
    private void sendThenRefresh(ImapWriter out, String uidTag, Runnable tagged) {
        sendUntagged(out);
        refresh(uidTag, true, tagged);
    }

    private void sendUntagged(ImapWriter out) {
        if (out.buffer().isReadable()) {
            channel.send(out.buffer());
        } else {
            out.buffer().release();
        }
    }

    /** COPY, MOVE and their UID forms (RFC 9051 section 6.4.7, RFC 6851, RFC 4315 COPYUID). */
    private void copy(ImapCommand.Copy copy) {
        UidSet uids = resolve(copy.tag(), copy.set(), copy.uid(), copy.move());
        if (uids == null) {
            return;
        }
        SelectedMailbox mailbox = selected;
        String owner = account;
        askFor(copy.tag(), listener -> listener.copy(owner, mailbox.mailboxId(), uids, copy.mailbox(), copy.move()),
                (CopyResult result, ImapWriter out) -> {
                    switch (result.outcome()) {
                        case NO_TARGET -> tagged(copy.tag(), ImapReply.TRYCREATE);
                        case OVER_QUOTA -> tagged(copy.tag(), ImapReply.OVER_QUOTA);
                        case TRY_LATER -> tagged(copy.tag(), ImapReply.UNAVAILABLE);
                        case DONE -> copied(out, copy, mailbox, result);
                    }
                    if (result.outcome() != CopyResult.Outcome.DONE) {
                        out.buffer().release();
                    }
                });
    }

    /**
     * COPYUID in the tagged OK of COPY; for MOVE in an untagged OK before the EXPUNGEs (RFC 6851
     * section 4.3), as the tagged OK comes after them.
     */
    private void copied(ImapWriter out, ImapCommand.Copy copy, SelectedMailbox mailbox, CopyResult result) {
        String copyUid = null;
        if (result.sourceUids().length > 0) {
            ImapWriter uids = writer();
            uids.number(result.uidValidity()).sp().uids(result.sourceUids()).sp().uids(result.targetUids());
            copyUid = uids.buffer().toString(StandardCharsets.US_ASCII);
            uids.buffer().release();
        }
        if (copy.move()) {
            if (copyUid != null) {
                ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.COPYUID, copyUid, "Moved");
            }
            long[] moved = result.sourceUids().clone();
            Arrays.sort(moved);
            MailboxResponses.updates(out, mailbox.expunged(moved, enabled.qresync()), enabled, false);
        }
        String code = copy.move() ? null : copyUid;
        Consumer<ByteBuf> tagged = buffer -> ImapReply.write(buffer, copy.tag(), ImapReply.Status.OK,
                code == null ? null : ResponseCode.COPYUID, code,
                copy.move() ? ImapReply.COMPLETED.text() : "COPY completed");
        if (copy.mailbox().equals(selectedName)) {
            // Into the selected mailbox itself: its new messages are told before the OK (EXISTS).
            sendThenRefresh(out, copy.uid() ? copy.tag() : null, () -> {
                ByteBuf ok = channel.newReply();
                tagged.accept(ok);
                channel.send(ok);
            });
        } else {
            tagged.accept(out.buffer());
            channel.send(out.buffer());
        }
    }

    /** SEARCH and UID SEARCH (RFC 9051 section 6.4.4, ESEARCH RETURN options, RFC 5182 SAVE). */
    private void search(ImapCommand.Search search) {
        String charset = search.charset();
        if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, search.tag(), ImapReply.Status.NO, ResponseCode.BADCHARSET, "(US-ASCII UTF-8)",
                    ImapReply.BAD_CHARSET.text());
            channel.send(out);
            return;
        }
        SearchKey key;
        try {
            key = search.program().toKey(selected);
        } catch (ImapSyntaxException e) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, search.tag(), ImapReply.Status.BAD, null, null, e.getMessage());
            channel.send(out);
            return;
        }
        SelectedMailbox mailbox = selected;
        String owner = account;
        // RFC 7162 section 3.1.5: a MODSEQ key makes the answer carry the highest MODSEQ found, and
        // turns CONDSTORE on (section 3.1).
        boolean modSeq = key.anyKey(SearchKey.ModSeq.class::isInstance);
        boolean announce = modSeq && enabled.useCondstore();
        askFor(search.tag(), listener -> SearchResponses.Found.of(listener, owner, mailbox.mailboxId(), key, modSeq),
                (SearchResponses.Found found, ImapWriter out) -> {
                    // Only what the client was told of: a message delivered since has no sequence number yet.
                    long[] uids = Arrays.stream(found.uids()).filter(uid -> mailbox.sequenceNumber(uid) > 0).toArray();
                    SearchResponses.write(out, search, mailbox, uids, found.modSeqs(), enabled.imap4rev2());
                    completed(out, search.tag(), announce ? mailbox : null);
                });
    }

    /**
     * FETCH and UID FETCH: slice after slice, each asked only once the previous one left the
     * socket buffer (as POP3's RETR), so a first sync of 10,000 messages streams in bounded heap.
     * With CHANGEDSINCE the changed messages are found first, by the platform's MODSEQ index.
     */
    private void fetch(ImapCommand.Fetch asked) {
        ImapCommand.Fetch fetch = withUid(asked);
        if (fetch.vanished() && !enabled.qresync()) {
            ByteBuf out = channel.newReply();
            ImapReply.write(out, fetch.tag(), ImapReply.Status.BAD, ResponseCode.CLIENTBUG, null,
                    "QRESYNC must be enabled first"); // RFC 7162 section 3.2.6
            channel.send(out);
            return;
        }
        UidSet uids = resolve(fetch.tag(), fetch.set(), fetch.uid(), false);
        if (uids == null) {
            return;
        }
        boolean announce = (fetch.changedSince() >= 0 || fetch.items().contains(FetchItem.Simple.MODSEQ))
                && enabled.useCondstore();
        FetchResponder responder = new FetchResponder(fetch, selected.readOnly(), enabled.condstore(),
                !enabled.imap4rev2());
        SelectedMailbox mailbox = selected;
        Consumer<ImapWriter> done = out -> completed(out, fetch.tag(), announce ? mailbox : null);
        if (fetch.changedSince() < 0) {
            fetchSlice(fetch, responder, mailbox, uids, 0, done);
            return;
        }
        UidSet known = !fetch.vanished() ? null : fetch.set().saved() ? uids : mailbox.knownUids(fetch.set().bounds());
        String owner = account;
        askFor(fetch.tag(), listener -> ChangedSince.of(listener, owner, mailbox.mailboxId(), uids, fetch.changedSince(),
                known), (ChangedSince found, ImapWriter out) -> changesSince(out, fetch, responder, mailbox, known, found,
                done));
    }

    /** RFC 7162 section 3.2.4: with QRESYNC on, every FETCH response carries the UID, asked or not. */
    private ImapCommand.Fetch withUid(ImapCommand.Fetch fetch) {
        if (!enabled.qresync() || fetch.items().contains(FetchItem.Simple.UID)) {
            return fetch;
        }
        List<FetchItem> items = new ArrayList<>(fetch.items());
        items.add(0, FetchItem.Simple.UID);
        return new ImapCommand.Fetch(fetch.tag(), fetch.uid(), fetch.set(), items, fetch.changedSince(), fetch.vanished());
    }

    /**
     * What changed since a MODSEQ, as RFC 7162 writes it: {@code VANISHED (EARLIER)} first when
     * asked (UID FETCH's VANISHED, SELECT's QRESYNC), then a FETCH response for each changed
     * message the view holds, then {@code done}.
     */
    private void changesSince(ImapWriter out, ImapCommand.Fetch fetch, FetchResponder responder,
            SelectedMailbox mailbox, UidSet known, ChangedSince found, Consumer<ImapWriter> done) {
        if (found.expunged() != null) {
            UidSet vanished = mailbox.vanished(known, found.expunged());
            if (!vanished.isEmpty()) {
                out.raw("* VANISHED (EARLIER) ").uidSet(vanished).crlf();
            }
        }
        sendUntagged(out);
        fetchSlice(fetch, responder, mailbox, found.changed(), 0, done); // slices follow the view
    }

    private void fetchSlice(ImapCommand.Fetch fetch, FetchResponder responder, SelectedMailbox mailbox, UidSet uids,
            long after, Consumer<ImapWriter> done) {
        UidSet slice = mailbox.slice(uids, after, responder.sliceSize());
        if (slice.isEmpty()) {
            done.accept(writer());
            return;
        }
        String owner = account;
        long[] bounds = slice.bounds();
        long last = bounds[bounds.length - 1];
        Runnable next = () -> fetchSlice(fetch, responder, mailbox, uids, last, done);
        askFor(fetch.tag(), listener -> responder.read(listener, owner, mailbox.mailboxId(), slice),
                (FetchResponder.Slice read, ImapWriter out) -> {
                    boolean learned = false;
                    for (FetchedMessage message : read.messages()) {
                        learned |= mailbox.learnKeywords(message.keywords());
                    }
                    if (learned) {
                        MailboxResponses.updates(out, List.of(new MailboxUpdate.Flags(mailbox.keywords())), enabled,
                                false);
                    }
                    respond(fetch.tag(), responder.responses(mailbox, owner, read), out, next);
                });
    }

    /**
     * Writes a slice's responses as far as the octets at hand go and sends them; then, once the
     * socket drained, reads what comes next: a chunk of a large message (on the platform's
     * thread), of content at hand (here, in a loop rather than recursion), or the next slice.
     */
    private void respond(String tag, SliceResponses responses, ImapWriter out, Runnable nextSlice) {
        for (ImapWriter writing = out; ; writing = writer()) {
            SliceResponses.Step step;
            try {
                step = responses.writeOn(writing);
            } catch (TransferDecoding.UnknownEncodingException e) {
                ImapReply.UNKNOWN_CTE.write(writing.buffer(), tag);
                channel.send(writing.buffer());
                return;
            } catch (RuntimeException e) {
                // A platform answer the session cannot use (a platform bug): as askFor does.
                writing.buffer().release();
                contentFailed(tag, responses, e);
                return;
            }
            sendUntagged(writing);
            if (step == null) {
                whenDrained(nextSlice);
                return;
            }
            if (!step.local()) {
                whenDrained(() -> ask(step.read(),
                        (outcome, failure) -> stepped(tag, responses, outcome, failure, nextSlice)));
                return;
            }
            if (!ctx.channel().isWritable()) {
                whenDrained(() -> stepped(tag, responses, step.read().apply(null), null, nextSlice));
                return;
            }
            if (!responses.arrived(step.read().apply(null))) {
                contentFailed(tag, responses, null);
                return;
            }
        }
    }

    /** A step's answer arrived: writing goes on, or the command or the connection ends. */
    private void stepped(String tag, SliceResponses responses, ContentStream.Outcome outcome, Throwable failure,
            Runnable nextSlice) {
        if (failure == null && responses.arrived(outcome)) {
            respond(tag, responses, writer(), nextSlice);
        } else {
            contentFailed(tag, responses, failure);
        }
    }

    /**
     * Reading a large message's content failed, or the message went away: NO if nothing of its
     * response went out, else only a cut connection tells the client the response ends there.
     */
    private void contentFailed(String tag, SliceResponses responses, Throwable failure) {
        if (failure != null && responses.discard()) {
            platformFailed(writer(), tag, failure);
        } else {
            LOG.log(Level.FINE, "IMAP FETCH broke off inside a response", failure);
            state = State.LOGOUT;
            ctx.close();
        }
    }

    /** Runs a FETCH's next step now if the socket takes more, else once it drained (nothing framed meanwhile). */
    private void whenDrained(Runnable step) {
        if (ctx.channel().isWritable()) {
            step.run();
        } else {
            hold();
            nextFetchStep = step;
        }
    }

    private static long[] sequenceNumbers(SelectedMailbox mailbox, long[] uids) {
        return Arrays.stream(uids).map(mailbox::sequenceNumber).filter(n -> n > 0).toArray();
    }

    /**
     * APPEND, one message or several (RFC 3502 MULTIAPPEND), in one platform call that stores all
     * of them or none. Every spool is closed once the platform answered.
     */
    private void append(ImapCommand.Append append) {
        String owner = account;
        ask(listener -> Appender.appendAll(listener, owner, append), (Appender.Outcome outcome, Throwable failure) -> {
            closeSpools(append);
            if (failure != null) {
                platformFailed(writer(), append.tag(), failure);
            } else if (state == State.SELECTED && append.mailbox().equals(selectedName)) {
                // RFC 9051 section 6.3.12: into the selected mailbox, the client learns of it (EXISTS).
                refresh(null, true, () -> outcome.answer(channel, append.tag()));
            } else {
                outcome.answer(channel, append.tag());
            }
        });
    }

    private void unselect() {
        stopWatching();
        selected = null;
        selectedName = null;
        changed = false;
        if (state == State.SELECTED) {
            state = State.AUTHENTICATED;
        }
    }

    // ---------------------------------------------------------------- mailbox updates

    /** Registers with the watcher for the next change of the selected mailbox. */
    private void watch() {
        // Not once the connection closed: an answer that comes after channelInactive would leave
        // a registration nobody cancels, holding the session until its mailbox changes.
        if (watcher != null && selected != null && registration == null && ctx.channel().isActive()) {
            registration = watcher.watch(selected.mailboxId(), selected.modSeq(), ctx.executor(), this::mailboxChanged);
        }
    }

    private void stopWatching() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    /** The watcher's callback, on this loop: told at once while idling, else before the next answer. */
    private void mailboxChanged() {
        registration = null;
        if (state != State.SELECTED) {
            return;
        }
        changed = true;
        if (idleTag != null && holds == 0) {
            refresh(null, true, () -> { });
        }
    }

    /**
     * Asks the platform what changed in the selected mailbox, sends the untagged updates, and
     * goes on with {@code then}; watches for the next change after.
     *
     * @param expungesAllowed false while a command by sequence number runs (RFC 9051 section 7.5.1)
     */
    private void refresh(String uidTag, boolean expungesAllowed, Runnable then) {
        SelectedMailbox mailbox = selected;
        String owner = account;
        changed = false;
        stopWatching();
        boolean claimRecent = !mailbox.readOnly() && !enabled.imap4rev2();
        ask(listener -> listener.changes(owner, mailbox.mailboxId(), mailbox.modSeq(), claimRecent),
                (MailboxChanges changes, Throwable failure) -> {
                    if (selected != mailbox) {
                        return; // the connection closed meanwhile
                    }
                    if (failure != null) {
                        // Nothing is lost: the same changes are asked for next time.
                        LOG.log(Level.FINE, "IMAP mailbox changes could not be read", failure);
                        changed = true;
                    } else if (changes == null) {
                        // Deleted elsewhere (another session, the webmail, another server): the
                        // session cannot go on in it, and says so as Dovecot does.
                        bye(ImapReply.BYE_MAILBOX_DELETED);
                        return;
                    } else {
                        ImapWriter out = writer();
                        MailboxResponses.updates(out, mailbox.apply(changes, expungesAllowed, enabled.qresync()), enabled,
                                uidTag != null);
                        sendUntagged(out);
                    }
                    watch();
                    then.run();
                });
    }

    /** IDLE (RFC 9051 section 6.3.13): updates as they come until DONE. */
    private void idle(String tag) {
        idleTag = tag;
        continuation("idling");
        if (state == State.SELECTED && changed) {
            refresh(null, true, () -> { });
        }
    }

    private void idleLine(ImapFrame.Command frame) {
        boolean done = frame.content().toString(StandardCharsets.US_ASCII).equalsIgnoreCase("DONE");
        frame.release();
        stopIdle(done ? ImapReply.COMPLETED : ImapReply.IDLE_NOT_DONE);
    }

    private void stopIdle(ImapReply reply) {
        String tag = idleTag;
        idleTag = null;
        tagged(tag, reply);
    }

    // ---------------------------------------------------------------- plumbing

    /** Asks the platform with framing paused; {@code then} runs back on the event loop, then framing resumes. */
    private <R> void ask(Function<ImapListener, R> question, BiConsumer<R, Throwable> then) {
        hold();
        channel.call(question, then, answered);
    }

    /**
     * As {@link #ask} for a command's question: a failure is answered {@code NO [UNAVAILABLE]},
     * an answer goes to {@code then} with a writer for the command's responses.
     */
    private <R> void askFor(String tag, Function<ImapListener, R> question, BiConsumer<R, ImapWriter> then) {
        ask(question, (answer, failure) -> {
            ImapWriter out = writer();
            if (failure != null) {
                platformFailed(out, tag, failure);
                return;
            }
            try {
                then.accept(answer, out);
            } catch (RuntimeException e) {
                // An answer the session cannot use (a platform bug): NO, and the session goes on
                // rather than hanging with framing held. What was written may be sent already,
                // so the buffer is left to Netty.
                platformFailed(writer(), tag, e);
            }
        });
    }

    /** Frames nothing until the matching {@link #release()}. */
    private void hold() {
        if (holds++ == 0) {
            framer.pause();
            channel.pauseInput();
        }
    }

    private void release() {
        if (--holds == 0 && state != State.LOGOUT && channel.resumeInput()) {
            framer.resume();
        }
    }

    private void platformFailed(ImapWriter out, String tag, Throwable failure) {
        LOG.log(Level.WARNING, "MAILDOCK0403W: The IMAP platform failed on a command; the client got NO.", failure);
        ImapReply.UNAVAILABLE.write(out.buffer(), tag);
        channel.send(out.buffer());
    }

    private ImapWriter writer() {
        return new ImapWriter(channel.newReply(), enabled.utf8());
    }

    /** Sends the untagged responses in {@code out} and the tagged OK, in one write. */
    private void send(ImapWriter out, String tag) {
        ImapReply.COMPLETED.write(out.buffer(), tag);
        channel.send(out.buffer());
    }

    /**
     * The tagged OK after {@code out}'s responses, preceded by {@code * OK [HIGHESTMODSEQ n]} when
     * the command turned CONDSTORE on ({@code enabledIn} the selected mailbox, else null): RFC 7162
     * section 3.1 asks the first CONDSTORE-enabling command to tell it (untagged, as Dovecot does
     * and imaptest expects).
     */
    private void completed(ImapWriter out, String tag, SelectedMailbox enabledIn) {
        if (enabledIn != null) {
            ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.HIGHESTMODSEQ,
                    Long.toString(enabledIn.modSeq()), "Highest");
        }
        send(out, tag);
    }

    private void tagged(String tag, ImapReply reply) {
        ByteBuf out = channel.newReply();
        reply.write(out, tag);
        channel.send(out);
    }

    private void untagged(ImapReply.Status status, String text) {
        ByteBuf out = channel.newReply();
        ImapReply.write(out, null, status, null, null, text);
        channel.send(out);
    }

    private void continuation(String text) {
        ByteBuf out = channel.newReply();
        out.writeByte('+').writeByte(' ');
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
        out.writeByte('\r').writeByte('\n');
        channel.send(out);
    }

    private void bye(ImapReply reply) {
        ByteBuf out = channel.newReply();
        reply.write(out, null);
        closeWith(out);
    }

    /** Sends the last words and closes; nothing the client sent after is answered. */
    private void closeWith(ByteBuf out) {
        state = State.LOGOUT;
        stopWatching();
        framer.pause();
        channel.pauseInput();
        channel.send(out).addListener(f -> ctx.close());
    }
}
