//! Every statement the store runs, by name. What each one says in SQL is the backend's: see
//! `sqlite/sql.rs` for the embedded one.

/// A statement of the store. Named by the operation that runs it; a backend gives its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Q {
    DeletedBlobLogged,
    ImportOfBlob,
    DeletionOfItem,
    ReplayUsers,
    ReplaySettings,
    ReplayItems,
    ReplayNotifications,
    ReplayUses,
    ReplayPreviews,
    ReplayCopies,
    ReplayApprovals,
    ReplayComplaints,
    ReplayAccessRequests,
    ReplayErasureRequests,
    UserRole,
    PinOf,
    PinLockedUntil,
    InsertPinFailure,
    RecentPinFailures,
    LockPin,
    InsertUser,
    SetPin,
    Users,
    SetMemberProfile,
    MemberProfile,
    SetSetting,
    AuditChain,
    AuditHead,
    AuditSince,
    MarkItemDeleted,
    ComplaintItem,
    InsertApproval,
    ApproveRequest,
    DeclineRequest,
    SetRequestStatus,
    UseApproval,
    LiveBlobs,
    LiveItemIds,
    SameContentInCase,
    InsertCase,
    InsertChatContext,
    ChatContext,
    Setting,
    UpsertSetting,
    SameRecording,
    InsertItem,
    MarkDescribed,
    InsertNotification,
    InsertMeta,
    InsertFirstLead,
    OtherLeads,
    AuditLast,
    InsertAudit,
    TreeNode,
    InsertTreeNode,
    TreeLeaves,
    TreeLeafHashes,
    InsertMetaValue,
    InsertPreview,
    PreviewListener,
    PreviewStillOpen,
    ClosePreview,
    InsertPlayRange,
    DeletePlaysAhead,
    SessionRanges,
    PreviewRanges,
    PreviewState,
    AuditHeadSeq,
    ItemCount,
    /// The queue's rows of one page (`?1` rows after `?2`), newest first.
    QueuePageRows,
    /// The queue's rows after item `?1` in the queue's order (`?2` of them), newest first.
    QueueRowsAfter,
    /// The allowance drawn by the recordings of the items from item `?1` to item `?2` in the
    /// queue's order (a page's first and last).
    AllowanceUsedBetween,
    QueueRow,
    AllowanceUsedOf,
    AllowanceUsed,
    QueueRowsAll,
    NotificationsOf,
    UsesOf,
    NotificationFacts,
    AnyUse,
    AllowanceUsedBySha,
    LetterReplyDates,
    OpenComplaintsOf,
    OpenAccessRequestsOf,
    UsesWithoutRegister,
    LiveItemStages,
    SetUseRegister,
    SetStage,
    SetSealed,
    InsertSettingIfMissing,
    ResolveEscalationsOf,
    InsertCopy,
    CopyRow,
    ConfirmCopy,
    CopiesOf,
    InsertEscalation,
    Escalations,
    SetAssignee,
    ResolveAllEscalationsOf,
    EscalationState,
    CloseEscalation,
    UpsertWaveform,
    Waveform,
    ItemsWithoutWaveform,
    InsertUse,
    AccessRequests,
    OpenAccessRequestFor,
    InsertAccessRequest,
    AccessRequestDates,
    ExtendAccessRequest,
    ApproveAccessRequest,
    MarkAccessGranted,
    /// Erasure requests (`?1` an item, or NULL for all), with whether their item is deleted.
    ErasureRequests,
    /// The subject's (`?2`) latest erasure request for item `?1`, with its decision.
    LastErasureRequestFor,
    InsertErasureRequest,
    ErasureRequestRow,
    ExtendErasureRequest,
    DecideErasureRequest,
    PreviewsOf,
    PlaySessionsOf,
    SessionRangesOf,
    ItemsOfCase,
    InsertComplaint,
    ComplaintScope,
    ComplaintSealed,
    SetComplaintSealed,
    ComplaintAckDates,
    AcknowledgeComplaint,
    ComplaintDeadlines,
    ExtendComplaint,
    CloseComplaint,
    ComplaintHearing,
    HearComplaint,
    HandlerInvolvement,
    ComplaintParties,
    ComplaintKind,
    DowngradeComplaint,
    CopiesOutstanding,
    InsertConfirmedCopy,
    InsertCertificate,
    Certificate,
    LettersOf,
    ResponsesOf,
    InsertLetter,
    InsertResponse,
    LiveExceptions,
    AuditOfItem,
    AuditAll,
    ApprovalById,
    ApprovalsPendingForLead,
    ApprovalsPendingOf,
    RetentionAll,
    RetentionOne,
    NotificationsOwedAll,
    NotificationsOwedOne,
    ComplaintsOfItemOpen,
    ComplaintsOfItem,
    ComplaintsOpen,
    ComplaintsAll,
    ComplaintById,
    ComplaintsOfCase,
    /// Whether the rows `rows` (with the item as `?1`) of `table` hold anything in `columns`:
    /// one entry of the list of what deletion destroys.
    ShredHeld {
        table: &'static str,
        columns: &'static [&'static str],
        rows: Rows,
    },
    /// Empties `columns` in those rows.
    Shred {
        table: &'static str,
        columns: &'static [&'static str],
        rows: Rows,
    },
    /// The id the next row of `table` gets (its largest id + 1). Asked inside the write
    /// transaction that inserts the row, so that its sealed values are bound to it before it
    /// is written.
    NextId {
        table: &'static str,
    },
    /// Every value held in a sealed column of `table`: the row's key (column `key`), the item
    /// it is about (column `item`; NULL for none), its scope (`scope`, when `scoped`, else
    /// NULL), the value, and that item's blob name and wrapped key (NULL without an item): at
    /// most `?2` rows whose key is above `?1`, in the order of their keys.
    SealedValues {
        table: &'static str,
        column: &'static str,
        key: &'static str,
        item: &'static str,
        scoped: bool,
    },
    /// Puts a value into a sealed column: `?1` the row's key (column `key`), `?2` the value.
    SetSealedValue {
        table: &'static str,
        column: &'static str,
        key: &'static str,
    },
    ItemRow,
    Meta,
    /// The epoch item keys are wrapped under now, and its key check.
    CurrentEpoch,
    /// The highest epoch the store knows (0 when none).
    MaxEpoch,
    /// Every epoch, oldest first.
    Epochs,
    EpochRow,
    InsertEpoch,
    /// Epoch 0 (the master key itself) for a store from before epochs that lacks it.
    InsertLegacyEpoch,
    /// Marks the current epoch superseded, with the highest item id at that moment.
    SupersedeEpochs,
    RetireEpoch,
    /// How many live items have their key wrapped under an epoch.
    LiveKeysOfEpoch,
    /// Every live item's wrapped key, with its blob and epoch.
    LiveWrappedKeys,
    SetWrappedKey,
    /// Whether an item was deleted while its key was wrapped under an epoch.
    DeletedUnderEpoch,
    /// Every row of `table`, its `columns` (a comma-separated list) in order of `key`: what
    /// moving a store to another database reads.
    CopyOut {
        table: &'static str,
        columns: &'static str,
        key: &'static str,
    },
    /// One row of `table` with its `columns`, `?1` to `?n` in their order: what moving a
    /// store writes.
    CopyIn {
        table: &'static str,
        columns: &'static str,
        n: usize,
    },
    /// One row of a blob kept in the database (`?1` the blob, `?2` the row's number).
    VaultChunk,
    /// A blob's last row: its number and its length in bytes (no row: no blob).
    VaultLastChunk,
    InsertVaultChunk,
    /// Every blob kept in the database: its name, its number of rows, its highest row number
    /// and its bytes.
    VaultBlobs,
    /// [`Q::VaultBlobs`] for one blob (no row when it has none).
    VaultBlob,
    /// Removes every row of a blob (a deletion, after its key is gone).
    DeleteVaultChunks,
    /// Removes the rows of a blob that no item with a key names (a leftover; never a live
    /// item's, should one have been committed meanwhile).
    DeleteLeftoverChunks,
    /// Marks a blob as being written (or to be removed), at `?2`.
    MarkVaultPending,
    UnmarkVaultPending,
    /// Every marked blob, with when it was marked.
    VaultPending,
}

/// Which rows of a table are about one item; the item's id is the statement's first argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rows {
    /// The item's own row (in `items`).
    Item,
    /// Every row about the item.
    OfItem,
    /// The rows about the item alone (scope `item`), not about its case or the store.
    ItemScoped,
    /// The rows about the item that are kept with the store's key (scope `store`).
    StoreScoped,
}
