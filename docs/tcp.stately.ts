// Generated from machines/tcp.machine.ts by `tcp-statechart export --format stately`; do not edit.
//
// TCP's connection state machine (RFC 9293) as one plain createMachine() call, for Stately
// Studio's "Import from code". Actions, guards and delays are referenced by name; the model
// implements them in setup(). To run this file as the model:
//   machine.provide(tcpMachine.implementations)   // tcpMachine from 'tcp-statechart/machine'
// Delays: RTO, TWO_MSL, ACK_DELAY, PERSIST, USER_TIMEOUT. Guards: synTextDropped; listenOnly; queuedDataAfterAck and dataQueued; dataQueued; synTextDropped and queuedDataAfterAck and dataQueued; simultaneousOpenKeepsRetries; synIgnoredInSynSent; simultaneousOpenKeepsRetries and synTextDropped; badAckResendsSyn and not retransmitted; retriesLeft; userTimeoutSet; closeQueuedUntilEstablished and closeQueued and not dataQueued; closeQueued; synTextQueued; queuedDataAfterAck and closeQueued; passiveOpen; ackSimultaneousSynAck and closeQueuedUntilEstablished and closeQueued and not dataQueued; ackSimultaneousSynAck and queuedDataAfterAck and closeQueued; ackSimultaneousSynAck and queuedDataAfterAck and dataQueued; ackSimultaneousSynAck; passiveOpen and acceptOnEstablished; closeQueued and repeatedCloseAccepted; closeQueuedUntilEstablished; passiveOpen and synAckOnRetransmittedSyn; passiveOpen and inWindowSynResetsRequest; inWindowSynIgnoredInSynReceived; userTimeoutSet and passiveOpen; sendWindowZero; dataOutstanding; dataResentTogether and severalInFlight and newestResent; severalInFlight and fastRecovery and not sentPastRecover; severalInFlight and dataQueued; severalInFlight; dupAcksTakenForReordering; severalInFlight and not recoverAhead and thirdDuplicateAck; severalInFlight and not recoverAhead; finHeld; textHeld and sendWindowZero; ackDelayed and not ackPending and not textHeld and not receiveBufferFull; ackDelayed and not ackPending and not receiveBufferFull; receiveBufferFull and dataQueued; receiveBufferFull and dataOutstanding; receiveBufferFull; overlapFinOutsideWindow; outOfOrderBeyondWindow; unreadText; lossWindow and not lossWindowCountsBytes; dataOutstanding and retriesLeft; ackPending; dataQueued and sendWindowZero and persistBeforeUserTimeout; userTimerRunning; ackDelayed and not textHeld and not receiveBufferFull; ackDelayed and not receiveBufferFull; receiveBufferFull and closeQueued; closeQueued and finAckedBeforeQueuedData; finResentWithData and dataOutstanding and retransmitted; repeatedCloseAccepted; synOutstanding and retriesLeft; finResentWithData and dataOutstanding and retriesLeft and not closeQueued; retriesLeft and not closeQueued; dataOutstanding or not closeQueued; closeQueued and sendWindowZero and persistBeforeUserTimeout; userTimerRunning or (userTimeoutSet and not closeQueued); ackOnRetransmittedFin and dataQueued and lossWindow; ackOnRetransmittedFin; finResentWithData and dataOutstanding and retriesLeft; closeQueued and abortResetsUnsentData; ackOnRetransmittedFin and closeQueued and lossWindow; ackOnRetransmittedFin and not closeQueued; timeWaitBareAckUnanswered; rfc1337; timeWaitInWindowRstDropped; timeWaitInWindowSynReset; timeWaitWithoutHandle.
import { and, createMachine, not, or } from 'xstate';

export const machine = createMachine({
  id: 'tcp',
  description: 'The TCP connection state machine of RFC 9293 (§3.3.2 Figure 5, §3.10 event processing), as a Mealy machine: actions name the segments each transition sends.',
  initial: 'CLOSED',
  context: {
    initialRto: 1000,
    minRto: 1000,
    maxRto: 120000,
    fallbackRto: 3000,
    maxRetries: 7,
    msl: 30000,
    rfc1337: false,
    retryTimeLimit: 0,
    userTimeout: 0,
    ackDelay: 40,
    receiveBuffer: 0,
    sendSegments: 1,
    passive: false,
    retryElapsed: 0,
    userElapsed: 0,
    newestElapsed: 0,
    retries: 0,
    rto: 1000,
    retransmitted: false,
    synTimedOut: false,
    synOutstanding: false,
    dataQueued: false,
    closeQueued: false,
    dataOutstanding: false,
    severalInFlight: false,
    newestResent: false,
    dupAcks: 0,
    fastRecovery: false,
    recoverAhead: false,
    sentPastRecover: false,
    ackPending: false,
    sendWindowZero: false,
    probes: 0,
    persistElapsed: 0,
    textHeld: false,
    finHeld: false,
    unread: 0,
    synTextQueued: false,
  },
  states: {
    CLOSED: {
      id: 'CLOSED',
      description: 'No connection (RFC 9293 §3.3.2: "no connection state at all"). A fictional state: there is no TCB, so netstat and ss show nothing. Every segment but a RST is answered with a RST.',
      entry: 'resetConnection',
      meta: {
        netstat: null,
        ss: null,
        ignored: {
          RCV_RST: 'RFC 9293 §3.10.7.1: an incoming RST for no connection is discarded',
        },
      },
      on: {
        PASSIVE_OPEN: {
          target: 'LISTEN',
          description: 'RFC 9293 §3.10.1: a passive OPEN creates a TCB and waits in LISTEN (a server calls bind and listen)',
        },
        ACTIVE_OPEN: {
          target: 'SYN_SENT',
          actions: ['markActive', 'startHandshake', 'sendSyn'],
          description: 'RFC 9293 §3.10.1: an active OPEN selects an ISS and sends <SEQ=ISS><CTL=SYN> (a client calls connect)',
        },
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection does not exist',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection does not exist"',
        },
        CLOSE: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection does not exist',
            },
          },
          description: 'RFC 9293 §3.10.4: "error: connection does not exist"',
        },
        ABORT: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection does not exist',
            },
          },
          description: 'RFC 9293 §3.10.5: "error: connection does not exist"',
        },
        RECEIVE: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection does not exist',
            },
          },
          description: 'RFC 9293 §3.10.3: "error: connection does not exist", after a reset or a user timeout too: the user was given the reason as the connection was lost (§3.10.7.4 second check, §3.10.8), and no TCB is left to answer for it',
        },
        RCV_SYN: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a SYN without ACK gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>',
        },
        RCV_SYN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_DATA: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.1: a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>',
        },
      },
    },
    LISTEN: {
      id: 'LISTEN',
      description: 'Waiting for a connection request from any remote TCP (RFC 9293 §3.3.2). A server that called bind and listen: netstat shows LISTEN with a foreign address of 0.0.0.0:*, ss shows LISTEN.',
      entry: 'resetConnection',
      meta: {
        netstat: 'LISTEN',
        ss: 'LISTEN',
        ignored: {
          RCV_RST: 'RFC 9293 §3.10.7.2: an incoming RST in LISTEN is ignored',
          RCV_SYN_RST: 'RFC 9293 §3.10.7.2 (first): "An incoming RST should be ignored", the SYN on it too: no connection is opened',
          RCV_DATA_WITHOUT_ACK: 'RFC 9293 §3.10.7.2 (fourth): "Any other control or text-bearing segment (not containing SYN) must have an ACK": without one it is dropped',
        },
      },
      on: {
        RCV_SYN: {
          target: 'SYN_RECEIVED',
          actions: ['markPassive', 'startHandshake', 'sendSynAck'],
          description: 'RFC 9293 §3.10.7.2: a SYN sets RCV.NXT = SEG.SEQ+1, selects an ISS and sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
        },
        RCV_SYN_DATA: [
          {
            target: 'SYN_RECEIVED',
            guard: 'synTextDropped',
            actions: ['markPassive', 'startHandshake', 'sendSynAck'],
            description: 'synTextDropped (Linux tcp_conn_request, lwIP tcp_listen_input): the SYN opens the connection as RCV_SYN does and its text is dropped (where RFC 9293 §3.10.7.2 queues it)',
          },
          {
            target: 'SYN_RECEIVED',
            actions: ['markPassive', 'startHandshake', 'queueSynText', 'sendSynAck'],
            description: 'RFC 9293 §3.10.7.2 (third): the SYN is taken as RCV_SYN (<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, RCV.NXT = SEG.SEQ+1) and "any other control or text should be queued for processing later"',
          },
        ],
        ACTIVE_OPEN: [
          {
            guard: 'listenOnly',
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection already exists',
              },
            },
            description: 'listenOnly (Linux): connect() on a listening socket gives EISCONN (where RFC 9293 §3.10.1 turns LISTEN active)',
          },
          {
            target: 'SYN_SENT',
            actions: ['markActive', 'startHandshake', 'sendSyn'],
            description: 'RFC 9293 §3.10.1: an active OPEN with the foreign socket specified turns the connection active and sends a SYN',
          },
        ],
        SEND: [
          {
            guard: 'listenOnly',
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection does not exist',
              },
            },
            description: 'listenOnly (Linux): send() on a listening socket gives ENOTCONN (where RFC 9293 §3.10.1 turns LISTEN active)',
          },
          {
            target: 'SYN_SENT',
            actions: ['markActive', 'startHandshake', 'queueData', 'sendSyn'],
            description: 'RFC 9293 §3.10.2: SEND with the foreign socket specified turns the connection active and sends a SYN; the data is queued until ESTABLISHED',
          },
        ],
        CLOSE: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.4: CLOSE in LISTEN deletes the TCB',
        },
        ABORT: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.5: ABORT in LISTEN deletes the TCB',
        },
        RCV_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.2: any acknowledgment in LISTEN is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_DATA: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.2: data with an ACK in LISTEN: the acknowledgment is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_SYN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.2: a SYN-ACK in LISTEN carries an ACK, which is bad; it gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.2: a FIN with ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>',
        },
        RCV_FIN_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.2: a FIN with ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        RECEIVE: {
          description: 'RFC 9293 §3.10.3 (LISTEN, SYN-SENT, SYN-RECEIVED): "Queue for processing after entering ESTABLISHED state": no text can have arrived, so nothing is handed over yet and nothing sent (the synchronized states answer for themselves)',
        },
      },
    },
    SYN_SENT: {
      id: 'SYN_SENT',
      description: 'Waiting for a matching connection request after having sent one (RFC 9293 §3.3.2). A client that called connect and has no answer yet: netstat shows SYN_SENT with Send-Q 1 (the SYN). The SYN is retransmitted with exponential back-off. ss shows SYN-SENT.',
      meta: {
        netstat: 'SYN_SENT',
        ss: 'SYN-SENT',
        ignored: {
          RCV_ACK: 'RFC 9293 §3.10.7.3: an acceptable ACK without SYN or RST is dropped',
          RCV_DATA: 'RFC 9293 §3.10.7.3 (fifth): neither SYN nor RST is set: the segment and its text are dropped',
          RCV_FIN: 'RFC 9293 §3.10.7.3: neither SYN nor RST is set: the segment is dropped',
          RCV_FIN_ACK: 'RFC 9293 §3.10.7.3: neither SYN nor RST is set: the segment is dropped',
          RCV_RST_WITHOUT_ACK: 'RFC 9293 §3.10.7.3 (second): a RST is acted on only with an acceptable ACK; "Otherwise (no ACK), drop the segment and return"',
          RCV_DATA_WITHOUT_ACK: 'RFC 9293 §3.10.7.3 (fifth): neither SYN nor RST is set: the segment and its text are dropped',
        },
      },
      on: {
        RCV_SYN_ACK: [
          {
            target: 'ESTABLISHED',
            guard: and(['queuedDataAfterAck', 'dataQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'queuedDataAfterAck (sockets API): ESTABLISHED; the kernel acknowledges the SYN-ACK, then the application\'s data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK)',
          },
          {
            target: 'ESTABLISHED',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.3: our SYN is acknowledged: ESTABLISHED; the queued data leaves at once and carries the ACK of the SYN',
          },
          {
            target: 'ESTABLISHED',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.3: our SYN is acknowledged and the peer\'s SYN received: ESTABLISHED, sending <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
          },
        ],
        RCV_SYN_ACK_DATA: [
          {
            target: 'ESTABLISHED',
            guard: and(['synTextDropped', 'queuedDataAfterAck', 'dataQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'synTextDropped (Linux tcp_rcv_synsent_state_process, then "Do step6 onward by hand": __kfree_skb), queuedDataAfterAck: as RCV_SYN_ACK, the ACK covering the SYN only (where RFC 9293 §3.10.7.3 takes the text at the sixth step)',
          },
          {
            target: 'ESTABLISHED',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'takeText', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.3 (fourth, "continue processing at the sixth step"), §3.10.7.4 (seventh): ESTABLISHED, the text taken; the queued data leaves and carries the ACK of the SYN and the text (lwIP drops the text, tcp_process SYN_SENT: its buffer is unbounded, so the model counts none either way, and the scripted peer knows)',
          },
          {
            target: 'ESTABLISHED',
            actions: ['acknowledgeAll', 'takeText', 'sendAck'],
            description: 'RFC 9293 §3.10.7.3 (fourth, "continue processing at the sixth step"), §3.10.7.4 (seventh): ESTABLISHED, the text taken at IRS+1, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> covers the SYN and the text (Linux and lwIP drop the text: their buffers are unbounded, so the model counts none either way, and the scripted peer knows)',
          },
        ],
        RCV_SYN: [
          {
            target: 'SYN_RECEIVED',
            guard: 'simultaneousOpenKeepsRetries',
            actions: ['keepRetries', 'sendSynAck'],
            description: 'simultaneousOpenKeepsRetries (Linux): the SYN-ACK is sent, and its retransmissions go on counting from the SYN\'s (where RFC 9293 §3.8.3 leaves the count to the implementation)',
          },
          {
            guard: 'synIgnoredInSynSent',
            description: 'synIgnoredInSynSent (lwIP): the SYN is dropped; SYN-SENT and its retransmission timer go on (where RFC 9293 §3.5 MUST-10 requires simultaneous open)',
          },
          {
            target: 'SYN_RECEIVED',
            actions: ['restartRetries', 'sendSynAck'],
            description: 'RFC 9293 §3.10.7.3 (simultaneous open, Figure 8): a SYN without ACK sends <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
          },
        ],
        RCV_SYN_DATA: [
          {
            target: 'SYN_RECEIVED',
            guard: and(['simultaneousOpenKeepsRetries', 'synTextDropped']),
            actions: ['keepRetries', 'sendSynAck'],
            description: 'simultaneousOpenKeepsRetries, synTextDropped (Linux tcp_rcv_synsent_state_process: "we could accept data and URG from this segment ... but we have no reason", goto discard): as RCV_SYN, the text dropped (where RFC 9293 §3.10.7.3 queues it)',
          },
          {
            guard: 'synIgnoredInSynSent',
            description: 'synIgnoredInSynSent (lwIP): the SYN is dropped with its text; SYN-SENT and its retransmission timer go on (where RFC 9293 §3.5 MUST-10 requires simultaneous open)',
          },
          {
            target: 'SYN_RECEIVED',
            actions: ['restartRetries', 'queueSynText', 'sendSynAck'],
            description: 'RFC 9293 §3.10.7.3 (fourth, simultaneous open): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, and "If there are other controls or text in the segment, queue them for processing after the ESTABLISHED state has been reached"',
          },
        ],
        RCV_RST: {
          target: 'CLOSED',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection reset',
            },
          },
          description: 'RFC 9293 §3.10.7.3: a RST whose ACK acknowledges our SYN: "error: connection reset"',
        },
        RCV_OLD_ACK: [
          {
            target: 'SYN_SENT',
            reenter: true,
            guard: and(['badAckResendsSyn', not('retransmitted')]),
            actions: ['sendRst', 'backOff', 'sendSyn'],
            description: 'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): the RST, and before any SYN timeout the retransmission timer rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) touches no timer)',
          },
          {
            actions: 'sendRst',
            description: 'RFC 9293 §3.10.7.3 (first): SEG.ACK =< ISS acknowledges nothing of ours: <SEQ=SEG.ACK><CTL=RST>, the segment discarded',
          },
        ],
        RCV_ACK_UNSENT: [
          {
            target: 'SYN_SENT',
            reenter: true,
            guard: and(['badAckResendsSyn', not('retransmitted')]),
            actions: ['sendRst', 'backOff', 'sendSyn'],
            description: 'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): the RST, and before any SYN timeout the retransmission timer rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) touches no timer)',
          },
          {
            actions: 'sendRst',
            description: 'RFC 9293 §3.10.7.3 (first): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SEG.ACK><CTL=RST>, the segment discarded',
          },
        ],
        RCV_RST_ACK_UNSENT: [
          {
            target: 'SYN_SENT',
            reenter: true,
            guard: and(['badAckResendsSyn', not('retransmitted')]),
            actions: ['backOff', 'sendSyn'],
            description: 'badAckResendsSyn (Linux tcp_rcv_synsent_state_process): no RST answers a RST, but before any SYN timeout the retransmission timer is rearmed at TCP_TIMEOUT_MIN (2 jiffies): the SYN leaves again at once, a timeout (where RFC 9293 §3.10.7.3 (first) drops the segment, no timer touched)',
          },
          {
            description: 'RFC 9293 §3.10.7.3 (first): SEG.ACK > SND.NXT on a RST: "unless the RST bit is set, if so drop the segment and return"',
          },
        ],
        CLOSE: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.4: CLOSE in SYN-SENT deletes the TCB; queued SENDs get "error: closing"',
        },
        ABORT: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.5: ABORT in SYN-SENT deletes the TCB (no RST: nothing is synchronized)',
        },
        SEND: {
          actions: 'queueData',
          description: 'RFC 9293 §3.10.2: data is queued for transmission after entering ESTABLISHED',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        RECEIVE: {
          description: 'RFC 9293 §3.10.3 (LISTEN, SYN-SENT, SYN-RECEIVED): "Queue for processing after entering ESTABLISHED state": no text can have arrived, so nothing is handed over yet and nothing sent (the synchronized states answer for themselves)',
        },
      },
      after: {
        RTO: [
          {
            target: 'SYN_SENT',
            reenter: true,
            guard: 'retriesLeft',
            actions: ['backOff', 'sendSyn'],
            description: 'RFC 6298 §5.4–§5.6: the SYN is retransmitted and the RTO doubled',
          },
          {
            target: 'CLOSED',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8); with the defaults (rto 1 s, maxRto 120 s, maxRetries 7) the last SYN leaves at 127 s and the connection gives up at 247 s, past the 3 minutes of MUST-23',
          },
        ],
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: 'userTimeoutSet',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): our SYN waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    SYN_RECEIVED: {
      id: 'SYN_RECEIVED',
      description: 'Waiting for a confirming ACK after having both received and sent a connection request (RFC 9293 §3.3.2). A half-open handshake: netstat shows SYN_RECV. The SYN-ACK is retransmitted with back-off. ss shows SYN-RECV.',
      meta: {
        netstat: 'SYN_RECV',
        ss: 'SYN-RECV',
        ignored: {
          RCV_DATA_WITHOUT_ACK: 'RFC 9293 §3.10.7.4 (fifth): acceptable, but "if the ACK bit is off, drop the segment and return"',
        },
      },
      on: {
        RCV_ACK: [
          {
            target: 'FIN_WAIT_1',
            guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
            actions: ['acknowledgeAll', 'flushQueuedClose', 'sendFin'],
            description: 'closeQueuedUntilEstablished (Linux tcp_shutdown): ESTABLISHED is reached and the queued CLOSE sends its FIN: FIN-WAIT-1 (where RFC 9293 §3.10.4 sends the FIN at once); RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged',
          },
          {
            target: 'FIN_WAIT_1',
            guard: 'closeQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged; RFC 9293 §3.10.2, §3.10.4: ESTABLISHED is reached, the queued data and the queued CLOSE leave: FIN-WAIT-1',
          },
          {
            target: 'ESTABLISHED',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged; RFC 9293 §3.10.2: ESTABLISHED, and the queued data leaves',
          },
          {
            target: 'ESTABLISHED',
            guard: 'synTextQueued',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged; RFC 9293 §3.10.7.2 (third), §3.10.7.4 (seventh): ESTABLISHED; the text queued from the peer\'s SYN is taken (exit `takeSynText`) and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges it',
          },
          {
            target: 'ESTABLISHED',
            actions: 'acknowledgeAll',
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK =< SND.NXT: our SYN is acknowledged; RFC 9293 §3.10.7.4 (fifth): ESTABLISHED',
          },
        ],
        RCV_DATA: [
          {
            target: 'FIN_WAIT_1',
            guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
            actions: ['takeText', 'acknowledgeAll', 'flushQueuedClose', 'sendFin', 'sendAck'],
            description: 'closeQueuedUntilEstablished (Linux tcp_shutdown): ESTABLISHED is reached and the queued FIN leaves at once (FIN-WAIT-1); then the segment is acknowledged (where RFC 9293 §3.10.4 sends the FIN at once); RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK',
          },
          {
            target: 'FIN_WAIT_1',
            guard: and(['queuedDataAfterAck', 'closeQueued']),
            actions: ['takeText', 'acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
            description: 'queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application\'s data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK',
          },
          {
            target: 'ESTABLISHED',
            guard: and(['queuedDataAfterAck', 'dataQueued']),
            actions: ['takeText', 'acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application\'s data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK',
          },
          {
            target: 'FIN_WAIT_1',
            guard: 'closeQueued',
            actions: ['takeText', 'acknowledgeAll', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK; RFC 9293 §3.10.2, §3.10.4: ESTABLISHED is reached; the queued data, which acknowledges the segment, and the queued CLOSE leave: FIN-WAIT-1',
          },
          {
            target: 'ESTABLISHED',
            guard: 'dataQueued',
            actions: ['takeText', 'acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK; RFC 9293 §3.10.2: ESTABLISHED, and the queued data leaves acknowledging the segment',
          },
          {
            target: 'ESTABLISHED',
            actions: ['takeText', 'acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): our SYN is acknowledged; the text is taken and owes an ACK; RFC 9293 §3.10.7.4 (seventh): ESTABLISHED; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges the segment',
          },
        ],
        RCV_SYN_ACK: [
          {
            guard: 'passiveOpen',
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): passive open: SEG.SEQ = IRS is unacceptable: ACK',
          },
          {
            target: 'FIN_WAIT_1',
            guard: and(['ackSimultaneousSynAck', 'closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
            actions: ['acknowledgeAll', 'flushQueuedClose', 'sendFin', 'sendAck'],
            description: 'ackSimultaneousSynAck (Linux tcp_rcv_state_process): the peer\'s SYN-ACK acknowledges our SYN and owes an ACK (where RFC 9293 Figure 8 sends nothing); closeQueuedUntilEstablished (Linux tcp_shutdown): ESTABLISHED is reached and the queued FIN leaves at once (FIN-WAIT-1); then the segment is acknowledged (where RFC 9293 §3.10.4 sends the FIN at once)',
          },
          {
            target: 'FIN_WAIT_1',
            guard: and(['ackSimultaneousSynAck', 'queuedDataAfterAck', 'closeQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
            description: 'ackSimultaneousSynAck (Linux tcp_rcv_state_process): the peer\'s SYN-ACK acknowledges our SYN and owes an ACK (where RFC 9293 Figure 8 sends nothing); queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application\'s data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK)',
          },
          {
            target: 'ESTABLISHED',
            guard: and(['ackSimultaneousSynAck', 'queuedDataAfterAck', 'dataQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'ackSimultaneousSynAck (Linux tcp_rcv_state_process): the peer\'s SYN-ACK acknowledges our SYN and owes an ACK (where RFC 9293 Figure 8 sends nothing); queuedDataAfterAck (sockets API): the segment is acknowledged at once, then the application\'s data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK)',
          },
          {
            target: 'ESTABLISHED',
            guard: 'ackSimultaneousSynAck',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'ackSimultaneousSynAck (Linux tcp_rcv_state_process): the peer\'s SYN-ACK acknowledges our SYN and owes an ACK (where RFC 9293 Figure 8 sends nothing); RFC 9293 §3.10.7.4 (seventh): ESTABLISHED; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges the segment',
          },
          {
            target: 'FIN_WAIT_1',
            guard: 'closeQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'RFC 9293 Figure 8 (simultaneous open): the SYN-ACK acknowledges our SYN; RFC 9293 §3.10.2, §3.10.4: ESTABLISHED is reached, the queued data and the queued CLOSE leave: FIN-WAIT-1',
          },
          {
            target: 'ESTABLISHED',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 Figure 8 (simultaneous open): the SYN-ACK acknowledges our SYN; RFC 9293 §3.10.2: ESTABLISHED, and the queued data leaves',
          },
          {
            target: 'ESTABLISHED',
            guard: 'synTextQueued',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 Figure 8 (simultaneous open): the SYN-ACK acknowledges our SYN; RFC 9293 §3.10.7.2 (third), §3.10.7.4 (seventh): ESTABLISHED; the text queued from the peer\'s SYN is taken (exit `takeSynText`) and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> acknowledges it',
          },
          {
            target: 'ESTABLISHED',
            actions: 'acknowledgeAll',
            description: 'RFC 9293 Figure 8 (simultaneous open): the SYN-ACK acknowledges our SYN; RFC 9293 §3.10.7.4 (fifth): ESTABLISHED',
          },
        ],
        RCV_FIN: [
          {
            target: 'CLOSING',
            guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
            actions: ['acknowledgeAll', 'flushQueuedClose', 'sendFin', 'sendAck'],
            description: 'closeQueuedUntilEstablished (Linux tcp_shutdown): the queued FIN leaves at once (FIN-WAIT-1); then the peer\'s FIN is acknowledged: CLOSING (where RFC 9293 §3.10.4 sends the FIN at once); RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK',
          },
          {
            target: 'LAST_ACK',
            guard: and(['queuedDataAfterAck', 'closeQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
            description: 'queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application\'s data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK',
          },
          {
            target: 'CLOSE_WAIT',
            guard: and(['queuedDataAfterAck', 'dataQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application\'s data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK',
          },
          {
            target: 'LAST_ACK',
            guard: 'closeQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK; RFC 9293 §3.10.7.4 (eighth), §3.10.4: CLOSE-WAIT, then the queued data (acknowledging the FIN) and the queued CLOSE leave: LAST-ACK',
          },
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK; RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT; the queued data carries the ACK of the FIN',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): our SYN is acknowledged; the FIN owes an ACK; RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT, and the FIN is acknowledged',
          },
        ],
        RCV_FIN_ACK: [
          {
            target: 'CLOSING',
            guard: and(['closeQueuedUntilEstablished', 'closeQueued', not('dataQueued')]),
            actions: ['acknowledgeAll', 'flushQueuedClose', 'sendFin', 'sendAck'],
            description: 'closeQueuedUntilEstablished (Linux tcp_shutdown): the queued FIN leaves at once (FIN-WAIT-1); then the peer\'s FIN is acknowledged: CLOSING (where RFC 9293 §3.10.4 sends the FIN at once); RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN)',
          },
          {
            target: 'LAST_ACK',
            guard: and(['queuedDataAfterAck', 'closeQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData', 'sendFin'],
            description: 'queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application\'s data and CLOSE leave (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN)',
          },
          {
            target: 'CLOSE_WAIT',
            guard: and(['queuedDataAfterAck', 'dataQueued']),
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendAck', 'sendData'],
            description: 'queuedDataAfterAck (sockets API): CLOSE-WAIT, the FIN is acknowledged at once, then the application\'s data leaves (where RFC 9293 §3.10.2 lets the data carry the ACK); RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN)',
          },
          {
            target: 'LAST_ACK',
            guard: 'closeQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN); RFC 9293 §3.10.7.4 (eighth), §3.10.4: CLOSE-WAIT, then the queued data (acknowledging the FIN) and the queued CLOSE leave: LAST-ACK',
          },
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: ['acknowledgeAll', 'flushQueuedData', 'sendData'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN); RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT; the queued data carries the ACK of the FIN',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): as RCV_FIN, which it is (we sent no FIN); RFC 9293 §3.10.7.4 (eighth): CLOSE-WAIT, and the FIN is acknowledged',
          },
        ],
        SEND: [
          {
            guard: and(['passiveOpen', 'acceptOnEstablished']),
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection does not exist',
              },
            },
            description: 'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.2 queues the data)',
          },
          {
            guard: 'closeQueued',
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.2: "error: connection closing" (after a queued CLOSE)',
          },
          {
            actions: 'queueData',
            description: 'RFC 9293 §3.10.2: data is queued for transmission after entering ESTABLISHED',
          },
        ],
        CLOSE: [
          {
            guard: and(['passiveOpen', 'acceptOnEstablished']),
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection does not exist',
              },
            },
            description: 'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.4 acts on it)',
          },
          {
            guard: and(['closeQueued', 'repeatedCloseAccepted']),
            description: 'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
          },
          {
            guard: 'closeQueued',
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
          {
            guard: 'dataQueued',
            actions: 'queueClose',
            description: 'RFC 9293 §3.10.4: with SENDs pending, the CLOSE is queued until ESTABLISHED',
          },
          {
            guard: 'closeQueuedUntilEstablished',
            actions: 'queueClose',
            description: 'closeQueuedUntilEstablished (Linux tcp_shutdown): the FIN waits until ESTABLISHED (where RFC 9293 §3.10.4 sends the FIN at once)',
          },
          {
            target: 'FIN_WAIT_1',
            actions: ['sendFin', 'noteFinSent'],
            description: 'RFC 9293 §3.10.4: with nothing to send, CLOSE sends a FIN and enters FIN-WAIT-1',
          },
        ],
        ABORT: [
          {
            guard: and(['passiveOpen', 'acceptOnEstablished']),
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection does not exist',
              },
            },
            description: 'acceptOnEstablished (Linux): the user has no handle before accept() (where RFC 9293 §3.10.5 sends a RST)',
          },
          {
            target: 'CLOSED',
            actions: 'sendRst',
            description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
          },
        ],
        RCV_SYN: [
          {
            guard: and(['passiveOpen', 'synAckOnRetransmittedSyn']),
            actions: 'sendSynAck',
            description: 'synAckOnRetransmittedSyn (Linux tcp_check_req, RFC 793 Figure 8): a retransmitted SYN gets the SYN-ACK again',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): the SYN again (SEG.SEQ = IRS) is unacceptable: ACK',
          },
        ],
        RCV_RST: [
          {
            target: 'LISTEN',
            guard: 'passiveOpen',
            description: 'RFC 9293 §3.10.7.4 (second): after a passive open, back to LISTEN',
          },
          {
            target: 'CLOSED',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection refused',
              },
            },
            description: 'RFC 9293 §3.10.7.4 (second): after an active open, "connection refused"',
          },
        ],
        RCV_SYN_IN_WINDOW: [
          {
            target: 'LISTEN',
            guard: and(['passiveOpen', 'inWindowSynResetsRequest']),
            actions: 'sendRst',
            description: 'inWindowSynResetsRequest (Linux tcp_check_req, embryonic_reset): the request is dropped with a RST <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; the listener stays (where RFC 9293 §3.10.7.4 (fourth) returns to LISTEN silently)',
          },
          {
            guard: 'inWindowSynIgnoredInSynReceived',
            description: 'inWindowSynIgnoredInSynReceived (lwIP tcp_process, SYN_RCVD): a SYN without ACK not at IRS is dropped, SYN-RECEIVED goes on (where RFC 9293 §3.10.7.4 (fourth) returns a passive open to LISTEN)',
          },
          {
            target: 'LISTEN',
            guard: 'passiveOpen',
            description: 'RFC 9293 §3.10.7.4 (fourth): "If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state and return"',
          },
          {
            actions: 'sendChallengeAck',
            description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: after an active open, "handle per the directions for synchronized states": a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, the segment dropped',
          },
        ],
        RCV_OLD_ACK: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK =< SND.UNA is not acceptable in SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>; the state and the SYN-ACK\'s timer go on',
        },
        RCV_ACK_UNSENT: {
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT is not acceptable in SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>; the state and the SYN-ACK\'s timer go on',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        RECEIVE: {
          description: 'RFC 9293 §3.10.3 (LISTEN, SYN-SENT, SYN-RECEIVED): "Queue for processing after entering ESTABLISHED state": no text can have arrived, so nothing is handed over yet and nothing sent (the synchronized states answer for themselves)',
        },
      },
      after: {
        RTO: [
          {
            target: 'SYN_RECEIVED',
            reenter: true,
            guard: 'retriesLeft',
            actions: ['backOff', 'sendSynAck'],
            description: 'RFC 6298 §5.4–§5.6: the SYN-ACK is retransmitted and the RTO doubled',
          },
          {
            target: 'LISTEN',
            guard: 'passiveOpen',
            description: 'RFC 9293 §3.8.3 leaves it; ours: after a passive open, back to LISTEN as on a RST',
          },
          {
            target: 'CLOSED',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts, closed without a RST (§3.10.8)',
          },
        ],
        USER_TIMEOUT: [
          {
            target: 'LISTEN',
            guard: and(['userTimeoutSet', 'passiveOpen']),
            description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the SYN-ACK waited userTimeout ms unacknowledged; after a passive open, back to LISTEN as on R2 (§3.8.3 leaves it; ours, as on a RST)',
          },
          {
            target: 'CLOSED',
            guard: 'userTimeoutSet',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the SYN-ACK waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
          },
        ],
      },
    },
    ESTABLISHED: {
      id: 'ESTABLISHED',
      description: 'An open connection; data received can be delivered to the user (RFC 9293 §3.3.2). The normal state of the data transfer phase: netstat shows ESTABLISHED. ss shows ESTAB.',
      meta: {
        netstat: 'ESTABLISHED',
        ss: 'ESTAB',
        ignored: {
          RCV_OLD_ACK: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK < SND.UNA, a duplicate, "can be ignored"; the window is taken only if SND.UNA =< SEG.ACK, so its zero window is not',
        },
      },
      on: {
        CLOSE: [
          {
            target: 'FIN_WAIT_1',
            guard: 'dataQueued',
            actions: ['queueClose', 'forgetSegmentsInFlight'],
            description: 'RFC 9293 §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN segment and send it. In any case, enter FIN-WAIT-1 state": the data waits behind the zero window or the loss window (RFC 5681 §3.1), and the FIN behind the data',
          },
          {
            target: 'FIN_WAIT_1',
            actions: [
              'sendFin',
              'noteFinSent',
              'clearAckPending',
              'leaveZeroWindow',
              'forgetSegmentsInFlight',
            ],
            description: 'RFC 9293 §3.10.4: CLOSE sends a FIN after the queued data: FIN-WAIT-1 (the active close). No new data follows, so a zero window no longer matters',
          },
        ],
        RCV_FIN: [
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): the FIN opens the peer\'s window and acknowledges a probe\'s octet: CLOSE-WAIT; the queued data leaves and carries the FIN\'s ACK',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (eighth): a FIN is acknowledged and the connection enters CLOSE-WAIT (the passive close)',
          },
        ],
        RCV_FIN_ACK: [
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth): we sent no FIN, so this is a plain FIN; it opens the peer\'s window and acknowledges a probe\'s octet: CLOSE-WAIT; the queued data leaves and carries the FIN\'s ACK',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (eighth): we sent no FIN, so this is a plain FIN: CLOSE-WAIT, sending an ACK',
          },
        ],
        RCV_ACK: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves (RFC 6298 §5.1 starts the retransmission timer)',
          },
          {
            guard: 'sendWindowZero',
            actions: 'leaveZeroWindow',
            description: 'RFC 9293 §3.10.7.4 (fifth): the ACK opens the peer\'s window (SND.WND = SEG.WND); nothing waits to be sent',
          },
          {
            guard: 'dataOutstanding',
            actions: 'acknowledgeAllButFin',
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances; RFC 6298 §5.2 stops the timer. An ACK with nothing outstanding is a duplicate and is ignored',
          },
        ],
        RCV_WINDOW_ZERO: [
          {
            guard: 'sendWindowZero',
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window stays shut and a probe\'s octet is not taken; the persist timer runs on',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: ['acknowledgeAllButFin', 'closeSendWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: SND.UNA advances over the data a timeout resent, which ends the loss window, but SND.WND = SEG.WND = 0: the queued data waits on, now behind the zero window; the persist timer starts (§3.8.6.1)',
          },
          {
            actions: ['acknowledgeAllButFin', 'closeSendWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances over everything outstanding and SND.WND = SEG.WND = 0; nothing is queued, so no persist timer starts',
          },
        ],
        RCV_OLD_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK = SND.UNA is processed, but SEG.SEQ < SND.WL1 (the held text\'s): "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND" holds for neither ("The check here prevents using old segments to update the window"), so the window stays open and its zero is not taken; nothing is sent, no timer is touched',
        },
        RCV_WINDOW_OPEN: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeAllButFin',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window update opens the peer\'s window; the queued data after a probe\'s octet leaves at SND.NXT, and the retransmission timer takes over from the persist timer (RFC 6298 §5.1). Behind the loss window (RFC 5681 §3.1) the window was open: the ACK acknowledges the data a timeout resent, and the queued data leaves',
          },
          {
            guard: 'sendWindowZero',
            actions: 'leaveZeroWindow',
            description: 'RFC 9293 §3.10.7.4 (fifth): the window update opens the peer\'s window; nothing waits to be sent',
          },
          {
            actions: 'acknowledgeAllButFin',
            description: 'RFC 9293 §3.10.7.4 (fifth): with the window open it is an ACK of everything outstanding: SND.UNA advances (if anything was outstanding)',
          },
        ],
        RCV_PARTIAL_ACK: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['dataResentTogether', 'severalInFlight', 'newestResent']),
            actions: 'acknowledgeAllButNewestKeepRetryClock',
            description: 'dataResentTogether (Linux): as below; the timeout resent the segment left together with the ones acknowledged, so resent data is still outstanding and the retry clock goes on (where RFC 6298 §5.4 resends the earliest segment only)',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['severalInFlight', 'fastRecovery', not('sentPastRecover')]),
            actions: ['acknowledgeAllButNewestInRecovery', 'sendData'],
            description: 'RFC 6582 §3.2 "Partial acknowledgments" (NewReno): in fast recovery an ACK below `recover` is partial: SND.UNA advances as below, and the first segment not acknowledged is resent at once; fast recovery goes on. RFC 6298 §5.3 restarts the retransmission timer',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['severalInFlight', 'dataQueued']),
            actions: [
              'acknowledgeAllButNewest',
              'flushQueuedData',
              'sendData',
              'markSeveralInFlight',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: as below, and the ACK covers the segment a timeout resent (RFC 6298 §5.4: the earliest), so the loss window is over; slow start opens the congestion window to two segments for this ACK of new data, one of them the segment left, so the queued data leaves as one segment behind it',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'severalInFlight',
            actions: 'acknowledgeAllButNewest',
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA < SEG.ACK < SND.NXT, so SND.UNA advances over every segment but the newest; retries reset (§3.8.3 R1), the RTO takes a sample unless a segment was resent (Karn, RFC 6298 §3), and the retransmission timer restarts for the segment left (RFC 6298 §5.3), which gives no sample later if it was outstanding across a timeout. Nothing is sent. Where a SEND put the newest segment past RFC 6582\'s `recover`, the ACK covers `recover` and ends fast recovery (§3.2 "Full acknowledgments")',
          },
        ],
        RCV_ACK_UNSENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped; SND.UNA does not move and its window is not taken',
        },
        RCV_DUP_ACK: [
          {
            guard: 'dupAcksTakenForReordering',
            description: 'dupAcksTakenForReordering (Linux): without SACK a duplicate ACK counts as a segment that reached the peer, no more than the segments in flight after the hole, and the head is marked lost only once they reach the reordering threshold (3); with the two segments the model puts in flight the duplicates are taken for reordering: nothing is sent (where RFC 5681 §3.2 resends on the third)',
          },
          {
            guard: and(['severalInFlight', not('recoverAhead'), 'thirdDuplicateAck']),
            actions: ['sendData', 'enterFastRecovery'],
            description: 'RFC 5681 §3.2 step 2 (fast retransmit), RFC 6582 §3.2 "Three duplicate ACKs": the third duplicate ACK resends the earliest unacknowledged segment at once and starts fast recovery, `recover` = SND.NXT. The retransmission timer runs on (RFC 6298 restarts it only on new data acknowledged, §5.3, or on its expiry, §5.6)',
          },
          {
            guard: and(['severalInFlight', not('recoverAhead')]),
            actions: 'countDuplicateAck',
            description: 'RFC 5681 §3.2: a duplicate ACK (SEG.ACK = SND.UNA, no data, the window unchanged, data outstanding) is counted; nothing is sent before the third',
          },
        ],
        RCV_DATA: [
          {
            target: 'CLOSE_WAIT',
            guard: 'finHeld',
            actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (seventh, eighth): the text fills the hole; it and the held text after it are delivered, then the held FIN, now in order: CLOSE-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once past text and FIN (RFC 5681 §4.2: a segment that fills a gap)',
          },
          {
            guard: and(['textHeld', 'sendWindowZero']),
            actions: ['sendAck', 'clearAckPending', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the segment that fills the hole was sent before the zero window, so SND.WL1 > SEG.SEQ and its window is not taken: the window stays shut, the persist timer runs on; the text and the held text after it are delivered and acknowledged at once (RFC 5681 §4.2)',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
              'takeText',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer\'s window and acknowledges a probe\'s octet; its text is delivered (with any held after it, if the buffer has room), and the queued data leaves carrying the ACK',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
            actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeText'],
            description: 'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: the text is delivered and RCV.NXT advances over it; its ACK is delayed (ACK_DELAY starts)',
          },
          {
            guard: 'dataOutstanding',
            actions: ['acknowledgeAllButFin', 'sendAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the ACK advances SND.UNA over our data; the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
          },
          {
            actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (seventh): the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, an ACK was pending (RFC 1122 §4.2.3.2: at least every second segment is acknowledged), the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1: a zero window still acknowledges)',
          },
        ],
        RCV_DATA_OVERLAP: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
              'takeText',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: the segment opens the peer\'s window and acknowledges a probe\'s octet; the new text is delivered, and the queued data leaves carrying the ACK',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['ackDelayed', not('ackPending'), not('receiveBufferFull')]),
            actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)',
          },
          {
            guard: 'dataOutstanding',
            actions: ['acknowledgeAllButFin', 'sendAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: the ACK advances SND.UNA over our data, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (an ACK was pending, or the buffer is full and the new text not taken)',
          },
          {
            actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), or the buffer is full and the new text is not taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_PAST_WINDOW: [
          {
            guard: and(['textHeld', 'sendWindowZero']),
            actions: ['sendAck', 'clearAckPending', 'takeTextToRightEdge'],
            description: 'RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window\'s right edge is trimmed, and what is left covers the hole and the held text; sent before the zero window (SND.WL1 > SEG.SEQ), its window is not taken; the text up to the edge is delivered and acknowledged at once (RFC 5681 §4.2)',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
              'takeTextToRightEdge',
            ],
            description: 'RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window\'s right edge is trimmed, the rest processed as RCV_DATA\'s: the segment opens the peer\'s window and acknowledges a probe\'s octet; the text up to the edge is delivered (the buffer is full), and the queued data leaves carrying the ACK',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
            actions: ['acknowledgeAllButFin', 'delayAck', 'leaveZeroWindow', 'takeTextToRightEdge'],
            description: 'RFC 9293 §3.10.7.4 (first, seventh): the text past the window\'s right edge is trimmed; RCV.NXT advances to the edge (the buffer is full), and the ACK is delayed as RCV_DATA\'s (§3.8.6.3, ACK_DELAY starts)',
          },
          {
            guard: 'dataOutstanding',
            actions: ['acknowledgeAllButFin', 'sendAck', 'takeTextToRightEdge'],
            description: 'RFC 9293 §3.10.7.4 (first, fifth, seventh): the text past the window\'s right edge is trimmed; the ACK advances SND.UNA over our data, RCV.NXT advances to the edge, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (an ACK was pending, or the buffer is full and no text is taken)',
          },
          {
            actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow', 'takeTextToRightEdge'],
            description: 'RFC 9293 §3.10.7.4 (first, seventh): the text past the window\'s right edge is trimmed; RCV.NXT advances to the edge and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), the segment covers the hole before held text (RFC 5681 §4.2), or the buffer is full and no text is taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_FIN: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['receiveBufferFull', 'dataQueued']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment\'s ACK opens the peer\'s window and acknowledges a probe\'s octet, and the queued data leaves carrying <ACK=RCV.NXT> (RCV.NXT unmoved)',
          },
          {
            guard: and(['receiveBufferFull', 'dataOutstanding']),
            actions: ['acknowledgeAllButFin', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the ACK advances SND.UNA, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1: a zero window still acknowledges)',
          },
          {
            guard: 'receiveBufferFull',
            actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (first): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
          },
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'takeText',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the segment opens the peer\'s window and acknowledges a probe\'s octet; its text is delivered, then its FIN: CLOSE-WAIT; the queued data leaves and carries the ACK of text and FIN',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (seventh, eighth): the text is delivered, then the FIN after it: CLOSE-WAIT (the passive close); <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN (RFC 1122 §4.2.3.2 delays no ACK of a FIN)',
          },
        ],
        RCV_DATA_OVERLAP_FIN: [
          {
            guard: 'overlapFinOutsideWindow',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['receiveBufferFull', 'dataQueued']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment\'s ACK opens the peer\'s window and acknowledges a probe\'s octet, and the queued data leaves carrying <ACK=RCV.NXT> (RCV.NXT unmoved)',
          },
          {
            guard: and(['receiveBufferFull', 'dataOutstanding']),
            actions: ['acknowledgeAllButFin', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the ACK advances SND.UNA, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1: a zero window still acknowledges)',
          },
          {
            guard: 'receiveBufferFull',
            actions: ['sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
          },
          {
            target: 'CLOSE_WAIT',
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'takeText',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the segment opens the peer\'s window and acknowledges a probe\'s octet; its text is delivered, then its FIN: CLOSE-WAIT; the queued data leaves and carries the ACK of text and FIN',
          },
          {
            target: 'CLOSE_WAIT',
            actions: ['acknowledgeAllButFin', 'takeText', 'sendAck', 'clearAckPending', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the text is delivered, then the FIN after it: CLOSE-WAIT (the passive close); <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN (RFC 1122 §4.2.3.2 delays no ACK of a FIN)',
          },
        ],
        RCV_DATA_OUT_OF_ORDER: [
          {
            guard: 'outOfOrderBeyondWindow',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the segment lies beyond the window offered (RCV.NXT + RCV.WND), so it is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
          },
          {
            guard: and(['textHeld', 'sendWindowZero']),
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the held segment again, sent before the zero window (SND.WL1 > SEG.SEQ: its window is not taken); its text is held already: a duplicate ACK, ACK = RCV.NXT',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
              'holdText',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer\'s window and acknowledges a probe\'s octet; its text, past RCV.NXT, is held, and the queued data leaves carrying ACK = RCV.NXT (RFC 5681 §4.2: out-of-order data is acknowledged at once)',
          },
          {
            actions: ['acknowledgeAllButFin', 'sendAck', 'clearAckPending', 'leaveZeroWindow', 'holdText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the ACK advances SND.UNA; the text, past RCV.NXT, is held for later processing and acknowledged at once with ACK = RCV.NXT, a duplicate ACK (RFC 5681 §4.2, RFC 9293 §3.8.6.3)',
          },
        ],
        RCV_DATA_FIN_OUT_OF_ORDER: [
          {
            guard: 'outOfOrderBeyondWindow',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the segment lies beyond the window offered (RCV.NXT + RCV.WND), and the FIN after it: not acceptable, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'dataQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'leaveZeroWindow',
              'clearAckPending',
              'holdTextAndFin',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the segment opens the peer\'s window and acknowledges a probe\'s octet; its text and the FIN after it, past RCV.NXT, are held, and the queued data leaves carrying ACK = RCV.NXT (RFC 5681 §4.2)',
          },
          {
            actions: [
              'acknowledgeAllButFin',
              'sendAck',
              'clearAckPending',
              'leaveZeroWindow',
              'holdTextAndFin',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the ACK advances SND.UNA; the text past RCV.NXT is held for later processing, and the FIN after it, which is processed only once everything before it has arrived; acknowledged at once with ACK = RCV.NXT, a duplicate ACK (RFC 5681 §4.2)',
          },
        ],
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: ['readText', 'sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
          },
          {
            description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
          },
        ],
        SEND: [
          {
            guard: 'dataQueued',
            actions: 'queueData',
            description: 'RFC 9293 §3.10.2: the data joins what waits behind the zero window (the persist timer runs on) or the loss window',
          },
          {
            guard: and(['lossWindow', not('lossWindowCountsBytes')]),
            actions: 'queueData',
            description: 'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): a timeout resent data, so the congestion window is the loss window, one segment, and the resent segment fills it: the data is queued until the ACK of the retransmission; the retransmission timer runs on',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: 'sendWindowZero',
            actions: 'queueData',
            description: 'RFC 9293 §3.10.2, §3.8.6.1: the peer\'s window is zero, so the data is queued and nothing is sent; the persist timer starts',
          },
          {
            guard: 'dataOutstanding',
            actions: ['sendData', 'markSeveralInFlight'],
            description: 'RFC 9293 §3.10.2: data is segmentized and sent behind the segment outstanding; the retransmission timer already runs (RFC 6298 §5.1)',
          },
          {
            target: 'ESTABLISHED',
            reenter: true,
            actions: ['sendData', 'markDataOutstanding', 'clearAckPending'],
            description: 'RFC 9293 §3.10.2: data is segmentized and sent; RFC 6298 §5.1 starts the retransmission timer',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_RST: {
          target: 'CLOSED',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection reset',
            },
          },
          description: 'RFC 9293 §3.10.7.4 (second): an acceptable RST (SEG.SEQ = RCV.NXT, RFC 5961 §3) aborts the connection and signals the user "connection reset"',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        ABORT: {
          target: 'CLOSED',
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        RTO: [
          {
            target: 'ESTABLISHED',
            reenter: true,
            guard: and(['dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData', 'noteNewestResent', 'recordRecover'],
            description: 'RFC 6298 §5.4–§5.6: the oldest unacknowledged data segment is retransmitted and the RTO doubled',
          },
          {
            target: 'CLOSED',
            guard: 'dataOutstanding',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
          },
        ],
        ACK_DELAY: {
          guard: 'ackPending',
          actions: ['sendAck', 'clearAckPending', 'notePersistElapsed'],
          description: 'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: no segment carried the pending ACK within ackDelay ms of the text (less than 0.5 s): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
        },
        PERSIST: {
          target: 'ESTABLISHED',
          reenter: true,
          guard: and(['dataQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
          actions: ['sendProbe', 'backOffPersist'],
          description: 'RFC 9293 §3.8.6.1: "The sending TCP must regularly transmit at least one octet of new data (if available)": a zero-window probe, one octet at SND.UNA; the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
        },
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: 'userTimerRunning',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or a zero-window probe\'s octet) waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    FIN_WAIT_1: {
      id: 'FIN_WAIT_1',
      description: 'Waiting for a connection termination request from the remote TCP, or an acknowledgment of the termination request previously sent (RFC 9293 §3.3.2). We called close and our FIN is unacknowledged: netstat shows FIN_WAIT1 with Send-Q 1. ss shows FIN-WAIT-1.',
      meta: {
        netstat: 'FIN_WAIT1',
        ss: 'FIN-WAIT-1',
        ignored: {},
      },
      on: {
        RCV_ACK: [
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.10.4: the ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves, then the FIN queued behind it',
          },
          {
            target: 'FIN_WAIT_2',
            actions: 'acknowledgeAll',
            description: 'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: FIN-WAIT-2',
          },
        ],
        RCV_DATA: [
          {
            guard: and(['textHeld', 'sendWindowZero']),
            actions: ['sendAck', 'clearAckPending', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): the segment that fills the hole was sent before the zero window (SND.WL1 > SEG.SEQ: its window is not taken); the data and the FIN wait on, the text and the held text are delivered and acknowledged at once (RFC 5681 §4.2)',
          },
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
              'takeText',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh), §3.10.4: the segment opens the peer\'s window and acknowledges a probe\'s octet; its text is taken (with any held after it, if the buffer has room), and the queued data, carrying the ACK, leaves, then the FIN queued behind it',
          },
          {
            target: 'FIN_WAIT_2',
            guard: and(['ackDelayed', not('textHeld'), not('receiveBufferFull')]),
            actions: ['acknowledgeAll', 'delayAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh), §3.8.6.3: our FIN is acknowledged: FIN-WAIT-2; the text is taken and its ACK delayed (ACK_DELAY starts)',
          },
          {
            target: 'FIN_WAIT_2',
            actions: ['acknowledgeAll', 'sendAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh): our FIN is acknowledged: FIN-WAIT-2; the text is taken and acknowledged at once: delayed ACKs are off, the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_OVERLAP: [
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
              'takeText',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: the segment opens the peer\'s window and acknowledges a probe\'s octet; the new text is taken, and the queued data, carrying the ACK, leaves, then the FIN queued behind it',
          },
          {
            target: 'FIN_WAIT_2',
            guard: and(['ackDelayed', not('receiveBufferFull')]),
            actions: ['acknowledgeAll', 'delayAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: our FIN is acknowledged: FIN-WAIT-2; RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)',
          },
          {
            target: 'FIN_WAIT_2',
            actions: ['acknowledgeAll', 'sendAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: our FIN is acknowledged: FIN-WAIT-2; RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, or the buffer is full and the new text is not taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_FIN: [
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['receiveBufferFull', 'closeQueued']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first, fifth), §3.10.4: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment opens the peer\'s window and acknowledges a probe\'s octet, and the queued data, carrying the ACK, leaves, then the FIN queued behind it',
          },
          {
            target: 'FIN_WAIT_2',
            guard: 'receiveBufferFull',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (first, fifth): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; our FIN is acknowledged: FIN-WAIT-2, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1)',
          },
          {
            target: 'CLOSING',
            guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
            actions: [
              'acknowledgeOutstanding',
              'takeText',
              'flushQueuedData',
              'sendAck',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'finAckedBeforeQueuedData (Linux tcp_fin): the text is taken and the peer\'s FIN acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN\'s ACK)',
          },
          {
            target: 'CLOSING',
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'takeText',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh, eighth), §3.10.4: our FIN was not sent yet, so CLOSING; the text is taken, then the FIN; the segment opens the peer\'s window and acknowledges a probe\'s octet, and the queued data, carrying the ACK of text and FIN, leaves, then our FIN',
          },
          {
            target: 'TIME_WAIT',
            actions: ['acknowledgeAll', 'takeText', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (fifth, seventh, eighth): the ACK covers our FIN, the text is taken, then the FIN after it: TIME-WAIT, skipping FIN-WAIT-2; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN',
          },
        ],
        RCV_DATA_OVERLAP_FIN: [
          {
            guard: 'overlapFinOutsideWindow',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
          },
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['receiveBufferFull', 'closeQueued']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; the segment opens the peer\'s window and acknowledges a probe\'s octet, and the queued data, carrying the ACK, leaves, then the FIN queued behind it',
          },
          {
            target: 'FIN_WAIT_2',
            guard: 'receiveBufferFull',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; our FIN is acknowledged: FIN-WAIT-2, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1)',
          },
          {
            target: 'CLOSING',
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'takeText',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: our FIN was not sent yet, so CLOSING; the text is taken, then the FIN; the segment opens the peer\'s window and acknowledges a probe\'s octet, and the queued data, carrying the ACK of text and FIN, leaves, then our FIN',
          },
        ],
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: ['readText', 'sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
          },
          {
            description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
          },
        ],
        RCV_FIN: [
          {
            target: 'CLOSING',
            guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendAck',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'finAckedBeforeQueuedData (Linux tcp_fin): the peer\'s FIN is acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN\'s ACK)',
          },
          {
            target: 'CLOSING',
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth), §3.10.4: our FIN was not sent yet, so CLOSING; the FIN opens the peer\'s window and acknowledges a probe\'s octet, and the queued data, carrying the FIN\'s ACK, leaves, then our FIN',
          },
          {
            target: 'CLOSING',
            guard: and(['finResentWithData', 'dataOutstanding', 'retransmitted']),
            actions: ['acknowledgeDataKeepRetryClock', 'sendAck'],
            description: 'finResentWithData (Linux): as below; our FIN was resent with the data and is still outstanding, so the retry clock goes on (where RFC 6298 §5.4 resends the oldest segment only)',
          },
          {
            target: 'CLOSING',
            actions: ['acknowledgeAllBeforeFin', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (eighth), simultaneous close: a FIN whose ACK covers our data but not our FIN is acknowledged: CLOSING',
          },
        ],
        RCV_FIN_ACK: [
          {
            target: 'CLOSING',
            guard: and(['closeQueued', 'finAckedBeforeQueuedData']),
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendAck',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'finAckedBeforeQueuedData (Linux tcp_fin): the peer\'s FIN is acknowledged at once by a bare ACK, then the data and our FIN that its window lets go leave (where RFC 9293 §3.10.7.4 lets the data carry the FIN\'s ACK)',
          },
          {
            target: 'CLOSING',
            guard: 'closeQueued',
            actions: [
              'acknowledgeOutstanding',
              'flushQueuedData',
              'sendData',
              'sendFin',
              'leaveZeroWindow',
              'clearAckPending',
            ],
            description: 'RFC 9293 §3.10.7.4 (fifth, eighth), §3.10.4: our FIN was not sent yet, so its ACK covers everything we sent and this is a plain FIN: CLOSING; the queued data, carrying the FIN\'s ACK, leaves, then our FIN',
          },
          {
            target: 'TIME_WAIT',
            actions: ['acknowledgeAll', 'sendAck'],
            description: 'RFC 9293 §3.10.7.4 (eighth): a FIN whose ACK covers our FIN skips FIN-WAIT-2: it is acknowledged and TIME-WAIT begins',
          },
        ],
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection closing',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection closing"',
        },
        CLOSE: [
          {
            guard: 'repeatedCloseAccepted',
            description: 'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_RST: {
          target: 'CLOSED',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection reset',
            },
          },
          description: 'RFC 9293 §3.10.7.4 (second): an acceptable RST (SEG.SEQ = RCV.NXT, RFC 5961 §3) aborts the connection and signals the user "connection reset"',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        ABORT: {
          target: 'CLOSED',
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        RTO: [
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['synOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendSynAck'],
            description: 'RFC 6298 §5.4: after a CLOSE in SYN-RECEIVED our SYN is still the oldest unacknowledged segment; the SYN-ACK is resent first',
          },
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft', not('closeQueued')]),
            actions: ['backOff', 'sendData', 'sendFin'],
            description: 'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only); a FIN still queued behind the loss window was never sent',
          },
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData'],
            description: 'RFC 6298 §5.4: the oldest unacknowledged segment, data sent before the FIN, is retransmitted first',
          },
          {
            target: 'FIN_WAIT_1',
            reenter: true,
            guard: and(['retriesLeft', not('closeQueued')]),
            actions: ['backOff', 'sendFin'],
            description: 'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled (a FIN still queued behind a zero window is no segment sent: the persist timer runs instead)',
          },
          {
            target: 'CLOSED',
            guard: or(['dataOutstanding', not('closeQueued')]),
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
          },
        ],
        ACK_DELAY: {
          guard: 'ackPending',
          actions: ['sendAck', 'clearAckPending', 'notePersistElapsed'],
          description: 'RFC 9293 §3.8.6.3 (SHLD-18): a CLOSE whose FIN waits behind a zero window carried no ACK; the pending one leaves ackDelay ms after the text: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
        },
        PERSIST: {
          target: 'FIN_WAIT_1',
          reenter: true,
          guard: and(['closeQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
          actions: ['sendProbe', 'backOffPersist'],
          description: 'RFC 9293 §3.8.6.1: the data and the FIN behind it wait for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
        },
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: or(['userTimerRunning', and(['userTimeoutSet', not('closeQueued')])]),
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (the SYN-ACK, data, a probe\'s octet or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    FIN_WAIT_2: {
      id: 'FIN_WAIT_2',
      description: 'Waiting for a connection termination request from the remote TCP (RFC 9293 §3.3.2). Our FIN is acknowledged, the peer has not closed yet: netstat shows FIN_WAIT2. RFC 9293 sets no timer here (Linux does, for orphaned sockets: tcp_fin_timeout). ss shows FIN-WAIT-2.',
      meta: {
        netstat: 'FIN_WAIT2',
        ss: 'FIN-WAIT-2',
        ignored: {},
      },
      on: {
        RCV_FIN: {
          target: 'TIME_WAIT',
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (eighth): the peer\'s FIN is acknowledged and TIME-WAIT begins',
        },
        RCV_FIN_ACK: {
          target: 'TIME_WAIT',
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (eighth): the peer\'s FIN is acknowledged and TIME-WAIT begins',
        },
        RCV_ACK: {
          description: 'RFC 9293 §3.10.7.4 (fifth): a duplicate ACK (SEG.ACK = SND.UNA) is ignored',
        },
        RCV_DATA: [
          {
            target: 'FIN_WAIT_2',
            reenter: true,
            guard: and(['ackDelayed', not('ackPending'), not('textHeld'), not('receiveBufferFull')]),
            actions: ['delayAck', 'takeText'],
            description: 'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: the text is delivered and RCV.NXT advances over it; its ACK is delayed (ACK_DELAY starts)',
          },
          {
            actions: ['sendAck', 'clearAckPending', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (seventh): the text is delivered, RCV.NXT advances over it, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: delayed ACKs are off, an ACK was pending (RFC 1122 §4.2.3.2: at least every second segment is acknowledged), the segment fills the hole before held text (RFC 5681 §4.2), or the buffer is full and the text is not taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_OVERLAP: [
          {
            target: 'FIN_WAIT_2',
            reenter: true,
            guard: and(['ackDelayed', not('ackPending'), not('receiveBufferFull')]),
            actions: ['delayAck', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: RCV.NXT advances over the new text, and its ACK is delayed (§3.8.6.3, ACK_DELAY starts)',
          },
          {
            actions: ['sendAck', 'clearAckPending', 'takeText'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA\'s: RCV.NXT advances over the new text and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once: an ACK was pending (RFC 1122 §4.2.3.2), or the buffer is full and the new text is not taken (§3.8.6.1)',
          },
        ],
        RCV_DATA_FIN: [
          {
            guard: 'receiveBufferFull',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
          },
          {
            target: 'TIME_WAIT',
            actions: ['takeText', 'sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (seventh, eighth): the text is delivered, then the peer\'s FIN after it: TIME-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN',
          },
        ],
        RCV_DATA_OVERLAP_FIN: [
          {
            guard: 'overlapFinOutsideWindow',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the window has room for the new text only, so SEG.SEQ = RCV.NXT - 1 lies before it and SEG.SEQ+SEG.LEN-1, the FIN, at RCV.NXT+RCV.WND: neither end is in the window, and the segment is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK unread',
          },
          {
            guard: 'receiveBufferFull',
            actions: ['sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the buffer is full, so the window is zero: the text is trimmed away and the FIN past the right edge with it; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once (§3.8.6.1), RCV.NXT unmoved',
          },
          {
            target: 'TIME_WAIT',
            actions: ['takeText', 'sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (first): the octet before RCV.NXT is trimmed, only the new part is processed, as RCV_DATA_FIN\'s: the text is delivered, then the peer\'s FIN after it: TIME-WAIT; <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent at once, RCV.NXT past text and FIN',
          },
        ],
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: ['readText', 'sendAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.3: the text taken is handed to the user; the window opens by at least half the buffer, so a window update <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent (§3.8.6.2.2, RFC 1122 §4.2.3.3)',
          },
          {
            description: 'RFC 9293 §3.10.3: no text is waiting; nothing is handed over and nothing sent',
          },
        ],
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection closing',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection closing"',
        },
        CLOSE: [
          {
            guard: 'repeatedCloseAccepted',
            description: 'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_RST: {
          target: 'CLOSED',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection reset',
            },
          },
          description: 'RFC 9293 §3.10.7.4 (second): an acceptable RST (SEG.SEQ = RCV.NXT, RFC 5961 §3) aborts the connection and signals the user "connection reset"',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        ABORT: {
          target: 'CLOSED',
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
        },
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        ACK_DELAY: {
          guard: 'ackPending',
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.8.6.3 (SHLD-18), RFC 1122 §4.2.3.2: no segment carried the pending ACK within ackDelay ms of the text (less than 0.5 s): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent',
        },
      },
    },
    CLOSE_WAIT: {
      id: 'CLOSE_WAIT',
      description: 'Waiting for a connection termination request from the local user (RFC 9293 §3.3.2). The peer closed (its FIN is acknowledged) and our application has not called close: netstat shows CLOSE_WAIT. We may still send data. ss shows CLOSE-WAIT.',
      meta: {
        netstat: 'CLOSE_WAIT',
        ss: 'CLOSE-WAIT',
        ignored: {
          RCV_OLD_ACK: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK < SND.UNA, a duplicate, "can be ignored"; the window is taken only if SND.UNA =< SEG.ACK, so its zero window is not',
        },
      },
      on: {
        CLOSE: [
          {
            target: 'LAST_ACK',
            guard: 'dataQueued',
            actions: 'queueClose',
            description: 'RFC 9293 §3.10.4: "Queue this request until all preceding SENDs have been segmentized; then send a FIN segment, enter LAST-ACK state": the data waits behind the zero window and the FIN behind it. The user has closed, so LAST-ACK (as ESTABLISHED\'s CLOSE enters FIN-WAIT-1 "in any case"); the FIN leaves with the window',
          },
          {
            target: 'LAST_ACK',
            actions: ['sendFin', 'noteFinSent', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.4: CLOSE sends a FIN: LAST-ACK. No new data follows, so a zero window no longer matters',
          },
        ],
        SEND: [
          {
            guard: 'dataQueued',
            actions: 'queueData',
            description: 'RFC 9293 §3.10.2: the data joins what waits behind the zero window (the persist timer runs on) or the loss window',
          },
          {
            guard: and(['lossWindow', not('lossWindowCountsBytes')]),
            actions: 'queueData',
            description: 'RFC 5681 §3.1 (required by RFC 9293 §3.8.2): a timeout resent data, so the congestion window is the loss window, one segment, and the resent segment fills it: the data is queued until the ACK of the retransmission; the retransmission timer runs on',
          },
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: 'sendWindowZero',
            actions: 'queueData',
            description: 'RFC 9293 §3.10.2 (CLOSE-WAIT: "Segmentize any text to be sent"), §3.8.6.1: the peer\'s window is zero, so the data is queued and nothing is sent; the persist timer starts',
          },
          {
            guard: 'dataOutstanding',
            actions: 'sendData',
            description: 'RFC 9293 §3.10.2: data is segmentized and sent; the retransmission timer already runs (RFC 6298 §5.1)',
          },
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            actions: ['sendData', 'markDataOutstanding'],
            description: 'RFC 9293 §3.10.2: data is segmentized and sent; RFC 6298 §5.1 starts the retransmission timer',
          },
        ],
        RCV_ACK: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: 'dataQueued',
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves (RFC 6298 §5.1 starts the retransmission timer)',
          },
          {
            guard: 'sendWindowZero',
            actions: 'leaveZeroWindow',
            description: 'RFC 9293 §3.10.7.4 (fifth): the ACK opens the peer\'s window (SND.WND = SEG.WND); nothing waits to be sent',
          },
          {
            guard: 'dataOutstanding',
            actions: 'acknowledgeAllButFin',
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances; RFC 6298 §5.2 stops the timer. An ACK with nothing outstanding is a duplicate and is ignored',
          },
        ],
        RCV_WINDOW_ZERO: [
          {
            guard: 'sendWindowZero',
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window stays shut and a probe\'s octet is not taken; the persist timer runs on',
          },
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: 'dataQueued',
            actions: ['acknowledgeAllButFin', 'closeSendWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), RFC 5681 §3.1: SND.UNA advances over the data a timeout resent, which ends the loss window, but SND.WND = SEG.WND = 0: the queued data waits on, now behind the zero window; the persist timer starts (§3.8.6.1)',
          },
          {
            actions: ['acknowledgeAllButFin', 'closeSendWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth): SND.UNA advances over everything outstanding and SND.WND = SEG.WND = 0 (CLOSE-WAIT still sends: §3.10.2); nothing is queued, so no persist timer starts',
          },
        ],
        RCV_WINDOW_OPEN: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: 'dataQueued',
            actions: ['acknowledgeAllButFin', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.8.6.1: the window update opens the peer\'s window; the queued data after a probe\'s octet leaves at SND.NXT, and the retransmission timer takes over from the persist timer (RFC 6298 §5.1). Behind the loss window (RFC 5681 §3.1) the window was open: the ACK acknowledges the data a timeout resent, and the queued data leaves',
          },
          {
            guard: 'sendWindowZero',
            actions: 'leaveZeroWindow',
            description: 'RFC 9293 §3.10.7.4 (fifth): the window update opens the peer\'s window; nothing waits to be sent',
          },
          {
            actions: 'acknowledgeAllButFin',
            description: 'RFC 9293 §3.10.7.4 (fifth): with the window open it is an ACK of everything outstanding: SND.UNA advances (if anything was outstanding)',
          },
        ],
        RCV_DATA: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: 'dataQueued',
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth): the segment\'s ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves. Its text, after the peer\'s FIN, is ignored (seventh: "this should not occur")',
          },
          {
            guard: 'sendWindowZero',
            actions: 'leaveZeroWindow',
            description: 'RFC 9293 §3.10.7.4 (fifth): the segment\'s ACK opens the peer\'s window; nothing waits to be sent. Its text, after the peer\'s FIN, is ignored (seventh: "this should not occur")',
          },
          {
            guard: 'dataOutstanding',
            actions: 'acknowledgeAllButFin',
            description: 'RFC 9293 §3.10.7.4 (fifth): the ACK advances SND.UNA over our data; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
          },
          {
            description: 'RFC 9293 §3.10.7.4: the ACK acknowledges nothing new; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
          },
        ],
        RCV_ACK_UNSENT: {
          actions: 'sendAck',
          description: 'RFC 9293 §3.10.7.4 (fifth): SEG.ACK > SND.NXT acknowledges something not yet sent: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped; SND.UNA does not move and its window is not taken',
        },
        RCV_FIN: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: and(['ackOnRetransmittedFin', 'dataQueued', 'lossWindow']),
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData'],
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the retransmitted FIN ends at RCV.NXT, so its ACK is read: it covers the data a timeout resent, which ends the loss window, and the queued data leaves carrying the ACK (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
          },
        ],
        RCV_FIN_ACK: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: and(['ackOnRetransmittedFin', 'dataQueued', 'lossWindow']),
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData'],
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the retransmitted FIN ends at RCV.NXT, so its ACK is read: it covers the data a timeout resent, which ends the loss window, and the queued data leaves carrying the ACK (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_RST: {
          target: 'CLOSED',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection reset',
            },
          },
          description: 'RFC 9293 §3.10.7.4 (second): an acceptable RST (SEG.SEQ = RCV.NXT, RFC 5961 §3) aborts the connection and signals the user "connection reset"',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        ABORT: {
          target: 'CLOSED',
          actions: 'sendRst',
          description: 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the TCB',
        },
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: 'readText',
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in, so the RECEIVE is "satisfied by data already on hand, but not yet delivered to the user"; no window update is sent, since the peer sends no text after its FIN (§3.10.7.4 eighth)',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in and no text is awaiting delivery: "error: connection closing"',
          },
        ],
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        RTO: [
          {
            target: 'CLOSE_WAIT',
            reenter: true,
            guard: and(['dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData'],
            description: 'RFC 6298 §5.4–§5.6: the oldest unacknowledged data segment is retransmitted and the RTO doubled',
          },
          {
            target: 'CLOSED',
            guard: 'dataOutstanding',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
          },
        ],
        PERSIST: {
          target: 'CLOSE_WAIT',
          reenter: true,
          guard: and(['dataQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
          actions: ['sendProbe', 'backOffPersist'],
          description: 'RFC 9293 §3.8.6.1: the data queued in CLOSE-WAIT waits for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
        },
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: 'userTimerRunning',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or a zero-window probe\'s octet) waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    CLOSING: {
      id: 'CLOSING',
      description: 'Waiting for a connection termination request acknowledgment from the remote TCP (RFC 9293 §3.3.2). Both sides closed at once (a simultaneous close): each FIN crossed the other. netstat shows CLOSING. ss shows CLOSING.',
      meta: {
        netstat: 'CLOSING',
        ss: 'CLOSING',
        ignored: {},
      },
      on: {
        RCV_ACK: {
          target: 'TIME_WAIT',
          actions: 'acknowledgeAll',
          description: 'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: TIME-WAIT',
        },
        RCV_DATA: {
          target: 'TIME_WAIT',
          actions: 'acknowledgeAll',
          description: 'RFC 9293 §3.10.7.4 (fifth): our FIN is acknowledged: TIME-WAIT; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
        },
        RCV_FIN_ACK: [
          {
            target: 'TIME_WAIT',
            guard: 'ackOnRetransmittedFin',
            actions: 'acknowledgeAll',
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN acknowledges our FIN: TIME-WAIT, nothing sent (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
          },
        ],
        RCV_RST: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.7.4 (second): a RST in CLOSING, LAST-ACK or TIME-WAIT enters CLOSED and deletes the TCB; the user, who closed already, gets no signal',
        },
        ABORT: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.5: ABORT in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing',
        },
        RCV_FIN: {
          actions: 'sendAck',
          description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
        },
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection closing',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection closing"',
        },
        CLOSE: [
          {
            guard: 'repeatedCloseAccepted',
            description: 'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: 'readText',
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in, so the RECEIVE is "satisfied by data already on hand, but not yet delivered to the user"; no window update is sent, since the peer sends no text after its FIN (§3.10.7.4 eighth)',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in and no text is awaiting delivery: "error: connection closing"',
          },
        ],
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        RTO: [
          {
            target: 'CLOSING',
            reenter: true,
            guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData', 'sendFin'],
            description: 'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only)',
          },
          {
            target: 'CLOSING',
            reenter: true,
            guard: and(['dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData'],
            description: 'RFC 6298 §5.4: the oldest unacknowledged segment, data that waited behind a zero window and left with the FIN, is retransmitted first',
          },
          {
            target: 'CLOSING',
            reenter: true,
            guard: 'retriesLeft',
            actions: ['backOff', 'sendFin'],
            description: 'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled',
          },
          {
            target: 'CLOSED',
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
          },
        ],
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: 'userTimeoutSet',
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    LAST_ACK: {
      id: 'LAST_ACK',
      description: 'Waiting for an acknowledgment of the connection termination request previously sent to the remote TCP, which includes an acknowledgment of its request (RFC 9293 §3.3.2). The passive closer called close after the peer\'s FIN: netstat shows LAST_ACK. ss shows LAST-ACK.',
      meta: {
        netstat: 'LAST_ACK',
        ss: 'LAST-ACK',
        ignored: {},
      },
      on: {
        RCV_ACK: [
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: 'closeQueued',
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.10.4: the ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves, then the FIN queued behind it',
          },
          {
            target: 'CLOSED',
            description: 'RFC 9293 §3.10.7.4 (fifth): the acknowledgment of our FIN deletes the TCB: CLOSED',
          },
        ],
        RCV_DATA: [
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: 'closeQueued',
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin', 'leaveZeroWindow'],
            description: 'RFC 9293 §3.10.7.4 (fifth), §3.10.4: the segment\'s ACK opens the peer\'s window and acknowledges a probe\'s octet; the queued data leaves, then the FIN queued behind it. Its text, after the peer\'s FIN, is ignored (seventh: "this should not occur")',
          },
          {
            target: 'CLOSED',
            description: 'RFC 9293 §3.10.7.4 (fifth): the acknowledgment of our FIN deletes the TCB: CLOSED; text after the peer\'s FIN is ignored (RFC 9293 §3.10.7.4 seventh: "this should not occur")',
          },
        ],
        ABORT: [
          {
            target: 'CLOSED',
            guard: and(['closeQueued', 'abortResetsUnsentData']),
            actions: 'sendRst',
            description: 'abortResetsUnsentData (Linux tcp_disconnect): data and the FIN still wait to be sent (snd_nxt != write_seq), so ABORT sends <SEQ=SND.NXT><CTL=RST> (where RFC 9293 §3.10.5 deletes the TCB in LAST-ACK quietly)',
          },
          {
            target: 'CLOSED',
            description: 'RFC 9293 §3.10.5: ABORT in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing',
          },
        ],
        RCV_FIN: [
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: and(['ackOnRetransmittedFin', 'closeQueued', 'lossWindow']),
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN is read; our FIN was not sent, so it covers the data a timeout resent, which ends the loss window: the queued data leaves, then the FIN (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
          },
        ],
        RCV_FIN_ACK: [
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: and(['ackOnRetransmittedFin', 'closeQueued', 'lossWindow']),
            actions: ['acknowledgeOutstanding', 'flushQueuedData', 'sendData', 'sendFin'],
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN is read; our FIN was not sent, so it covers the data a timeout resent, which ends the loss window: the queued data leaves, then the FIN (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            target: 'CLOSED',
            guard: and(['ackOnRetransmittedFin', not('closeQueued')]),
            actions: 'acknowledgeAll',
            description: 'ackOnRetransmittedFin (Linux tcp_sequence): the ACK on the retransmitted FIN acknowledges our FIN: CLOSED, nothing sent (where RFC 9293 §3.10.7.4 (first) only acknowledges it)',
          },
          {
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (first): a retransmission of the FIN already received is not acceptable; it is acknowledged and dropped',
          },
        ],
        RCV_RST: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.7.4 (second): a RST in CLOSING, LAST-ACK or TIME-WAIT enters CLOSED and deletes the TCB; the user, who closed already, gets no signal',
        },
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection closing',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection closing"',
        },
        CLOSE: [
          {
            guard: 'repeatedCloseAccepted',
            description: 'repeatedCloseAccepted (Linux inet_shutdown): shutdown(SHUT_WR) again succeeds and changes nothing (where RFC 9293 §3.10.4: "connection closing")',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
        ],
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RCV_SYN_IN_WINDOW: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
        },
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: 'readText',
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in, so the RECEIVE is "satisfied by data already on hand, but not yet delivered to the user"; no window update is sent, since the peer sends no text after its FIN (§3.10.7.4 eighth)',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in and no text is awaiting delivery: "error: connection closing"',
          },
        ],
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        RTO: [
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: and(['finResentWithData', 'dataOutstanding', 'retriesLeft', not('closeQueued')]),
            actions: ['backOff', 'sendData', 'sendFin'],
            description: 'finResentWithData (Linux): the timeout resends the data and the FIN behind it (where RFC 6298 §5.4 resends the oldest segment only); a FIN still queued behind the loss window was never sent',
          },
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: and(['dataOutstanding', 'retriesLeft']),
            actions: ['backOff', 'sendData'],
            description: 'RFC 6298 §5.4: the oldest unacknowledged segment, data sent before the FIN, is retransmitted first',
          },
          {
            target: 'LAST_ACK',
            reenter: true,
            guard: and(['retriesLeft', not('closeQueued')]),
            actions: ['backOff', 'sendFin'],
            description: 'RFC 6298 §5.4–§5.6: the FIN is retransmitted and the RTO doubled (a FIN still queued behind a zero window is no segment sent: the persist timer runs instead)',
          },
          {
            target: 'CLOSED',
            guard: or(['dataOutstanding', not('closeQueued')]),
            actions: {
              type: 'signalUser',
              params: {
                reason: 'connection aborted due to user timeout',
              },
            },
            description: 'RFC 9293 §3.8.3 (R2): after maxRetries timeouts the connection is closed (no RST is sent) and the user told "connection aborted due to user timeout" (§3.10.8)',
          },
        ],
        PERSIST: {
          target: 'LAST_ACK',
          reenter: true,
          guard: and(['closeQueued', 'sendWindowZero', 'persistBeforeUserTimeout']),
          actions: ['sendProbe', 'backOffPersist'],
          description: 'RFC 9293 §3.8.6.1: the data and the FIN behind it wait for the zero window; a zero-window probe, one octet at SND.UNA, and the next waits twice as long, up to maxRto (SHLD-29, SHLD-30)',
        },
        USER_TIMEOUT: {
          target: 'CLOSED',
          guard: or(['userTimerRunning', and(['userTimeoutSet', not('closeQueued')])]),
          actions: {
            type: 'signalUser',
            params: {
              reason: 'connection aborted due to user timeout',
            },
          },
          description: 'RFC 9293 §3.10.8 (USER TIMEOUT): the oldest segment (data, a probe\'s octet or our FIN) waited userTimeout ms unacknowledged: "flush all queues, signal the user "error: connection aborted due to user timeout" ... enter the CLOSED state" (no RST is sent)',
        },
      },
    },
    TIME_WAIT: {
      id: 'TIME_WAIT',
      description: 'Waiting for enough time to pass to be sure the remote TCP received the acknowledgment of its connection termination request, and to avoid new connections being impacted by delayed segments from previous connections (RFC 9293 §3.3.2). The active closer waits 2 MSL: netstat shows TIME_WAIT. ss shows TIME-WAIT.',
      meta: {
        netstat: 'TIME_WAIT',
        ss: 'TIME-WAIT',
        ignored: {},
      },
      on: {
        RCV_ACK: [
          {
            target: 'TIME_WAIT',
            reenter: true,
            guard: 'timeWaitBareAckUnanswered',
            description: 'timeWaitBareAckUnanswered (Linux tcp_timewait_state_process, lwIP tcp_timewait_input): a bare ACK at RCV.NXT is not answered; the 2 MSL timer restarts (where RFC 9293 §3.10.7.4 (fifth) acknowledges it)',
          },
          {
            target: 'TIME_WAIT',
            reenter: true,
            actions: 'sendAck',
            description: 'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." An acceptable ACK reaches this step and is answered so',
          },
        ],
        RCV_FIN: {
          target: 'TIME_WAIT',
          reenter: true,
          actions: 'sendAck',
          description: 'RFC 9293 §3.10.7.4 (eighth), RFC 1122 §4.2.2.13: a retransmitted FIN is acknowledged and the 2 MSL timer restarts',
        },
        RCV_FIN_ACK: {
          target: 'TIME_WAIT',
          reenter: true,
          actions: 'sendAck',
          description: 'RFC 9293 §3.10.7.4 (eighth), RFC 1122 §4.2.2.13: a retransmitted FIN is acknowledged and the 2 MSL timer restarts',
        },
        RCV_RST: [
          {
            guard: 'rfc1337',
            description: 'RFC 1337 §3 (TIME-WAIT assassination): with rfc1337 set, a RST in TIME-WAIT is ignored',
          },
          {
            target: 'CLOSED',
            description: 'RFC 9293 §3.10.7.4 (second): a RST in CLOSING, LAST-ACK or TIME-WAIT enters CLOSED and deletes the TCB; the user, who closed already, gets no signal',
          },
        ],
        RCV_RST_IN_WINDOW: [
          {
            guard: 'rfc1337',
            description: 'RFC 1337 §3 (TIME-WAIT assassination): "ignore RST segments in TIME-WAIT state": with rfc1337 set, one inside the window gets no challenge ACK either',
          },
          {
            guard: 'timeWaitInWindowRstDropped',
            description: 'timeWaitInWindowRstDropped (Linux tcp_timewait_state_process): a RST not at RCV.NXT is dropped silently (where RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2 send a challenge ACK)',
          },
          {
            actions: ['sendChallengeAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (second), RFC 5961 §3.2: a RST inside the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped; the connection stays',
          },
        ],
        RCV_SYN_IN_WINDOW: [
          {
            guard: 'timeWaitInWindowSynReset',
            actions: 'sendRst',
            description: 'timeWaitInWindowSynReset (lwIP tcp_timewait_input): "If the SYN is in the window it is an error, send a reset": <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, TIME-WAIT and its timer go on (where RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2 send a challenge ACK)',
          },
          {
            actions: ['sendChallengeAck', 'clearAckPending'],
            description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN inside the window (SEG.SEQ = RCV.NXT) passes the first two checks and gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the segment is dropped, no timer touched',
          },
        ],
        ABORT: [
          {
            guard: 'timeWaitWithoutHandle',
            description: 'timeWaitWithoutHandle (Linux): close() reaches the user\'s CLOSED socket, not the time-wait socket: TIME-WAIT goes on (where RFC 9293 §3.10.4/§3.10.5 act on the TCB)',
          },
          {
            target: 'CLOSED',
            description: 'RFC 9293 §3.10.5: ABORT in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing',
          },
        ],
        CLOSE: [
          {
            guard: 'timeWaitWithoutHandle',
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection does not exist',
              },
            },
            description: 'timeWaitWithoutHandle (Linux): shutdown() on the user\'s CLOSED socket gives ENOTCONN (where RFC 9293 §3.10.4/§3.10.5 act on the TCB)',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.4: "error: connection closing"',
          },
        ],
        RCV_DATA: {
          target: 'TIME_WAIT',
          reenter: true,
          actions: 'sendAck',
          description: 'RFC 9293 §3.10.7.4 (fifth), TIME-WAIT: an acceptable segment reaches this step: "Acknowledge it, and restart the 2 MSL timeout"; its text, after the peer\'s FIN, is ignored (seventh: "this should not occur")',
        },
        SEND: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection closing',
            },
          },
          description: 'RFC 9293 §3.10.2: "error: connection closing"',
        },
        RCV_SYN: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_SYN_ACK: {
          actions: ['sendChallengeAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (fourth), RFC 5961 §4.2: a SYN in a synchronized state is answered with a challenge ACK and dropped',
        },
        RCV_OLD_SEGMENT: {
          actions: ['sendAck', 'clearAckPending'],
          description: 'RFC 9293 §3.10.7.4 (first): a segment wholly before RCV.NXT is not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is sent and the segment dropped, its ACK and window unread; no timer is touched (in TIME-WAIT too: only an acceptable segment or the FIN again restarts 2 MSL, fifth and eighth)',
        },
        RCV_RST_OUT_OF_WINDOW: {
          description: 'RFC 9293 §3.10.7.4 (first, second), RFC 5961 §3.2: a RST outside the window is dropped silently',
        },
        RECEIVE: [
          {
            guard: 'unreadText',
            actions: 'readText',
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in, so the RECEIVE is "satisfied by data already on hand, but not yet delivered to the user"; no window update is sent, since the peer sends no text after its FIN (§3.10.7.4 eighth)',
          },
          {
            actions: {
              type: 'rejectCall',
              params: {
                reason: 'connection closing',
              },
            },
            description: 'RFC 9293 §3.10.3: the peer\'s FIN is in and no text is awaiting delivery: "error: connection closing"',
          },
        ],
        PASSIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
        ACTIVE_OPEN: {
          actions: {
            type: 'rejectCall',
            params: {
              reason: 'connection already exists',
            },
          },
          description: 'RFC 9293 §3.10.1: "error: connection already exists"',
        },
      },
      after: {
        TWO_MSL: {
          target: 'CLOSED',
          description: 'RFC 9293 §3.10.8: when the time-wait timeout expires the TCB is deleted: CLOSED',
        },
      },
    },
  },
});
