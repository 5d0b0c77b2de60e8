
-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "login" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "grants" TEXT NOT NULL DEFAULT '[]',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserExtension" (
    "extension" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,

    CONSTRAINT "UserExtension_pkey" PRIMARY KEY ("extension")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Client" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'company',
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "legalName" TEXT,
    "taxId" TEXT,
    "taxCode2" TEXT,
    "regNumber" TEXT,
    "legalAddress" TEXT,
    "address" TEXT,
    "email" TEXT,
    "website" TEXT,
    "segment" TEXT,
    "vip" BOOLEAN NOT NULL DEFAULT false,
    "customFields" TEXT NOT NULL DEFAULT '{}',
    "notes" TEXT,
    "responsibleUserId" INTEGER,
    "mergedIntoId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientTag" (
    "clientId" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "ClientTag_pkey" PRIMARY KEY ("clientId","tag")
);

-- CreateTable
CREATE TABLE "ResponsibleHistory" (
    "id" SERIAL NOT NULL,
    "clientId" INTEGER NOT NULL,
    "userId" INTEGER,
    "fromAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "toAt" TIMESTAMP(3),
    "changedById" INTEGER,

    CONSTRAINT "ResponsibleHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactPerson" (
    "id" SERIAL NOT NULL,
    "clientId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "position" TEXT,
    "email" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactPerson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" SERIAL NOT NULL,
    "clientId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "type" TEXT NOT NULL DEFAULT 'work',
    "raw" TEXT NOT NULL,
    "e164" TEXT,
    "nsnRev" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pipeline" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Pipeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineStage" (
    "id" SERIAL NOT NULL,
    "pipelineId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL DEFAULT 'open',

    CONSTRAINT "PipelineStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" SERIAL NOT NULL,
    "clientId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "pipelineId" INTEGER NOT NULL,
    "stageId" INTEGER NOT NULL,
    "amount" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'RUB',
    "expectedCloseAt" TIMESTAMP(3),
    "ownerId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealStageHistory" (
    "id" SERIAL NOT NULL,
    "dealId" INTEGER NOT NULL,
    "fromStageId" INTEGER,
    "toStageId" INTEGER NOT NULL,
    "changedById" INTEGER,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealStageHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'task',
    "title" TEXT NOT NULL,
    "description" TEXT,
    "assigneeId" INTEGER,
    "groupId" INTEGER,
    "createdById" INTEGER,
    "dueAt" TIMESTAMP(3),
    "remindAt" TIMESTAMP(3),
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "status" TEXT NOT NULL DEFAULT 'open',
    "recurrence" TEXT,
    "clientId" INTEGER,
    "dealId" INTEGER,
    "callKey" TEXT,
    "phone" TEXT,
    "missedCount" INTEGER NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Interaction" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "direction" TEXT,
    "clientId" INTEGER,
    "contactId" INTEGER,
    "userId" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "ringSeconds" INTEGER,
    "talkSeconds" INTEGER,
    "outcome" TEXT,
    "phone" TEXT,
    "rawPhone" TEXT,
    "callKey" TEXT,
    "answeredBy" TEXT,
    "rangExtensions" TEXT,
    "recordingId" TEXT,
    "subject" TEXT,
    "body" TEXT,
    "meta" TEXT NOT NULL DEFAULT '{}',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Interaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoNotCall" (
    "id" SERIAL NOT NULL,
    "phone" TEXT NOT NULL,
    "campaignId" INTEGER,
    "reason" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DoNotCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',
    "ip" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "fileName" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recording" (
    "id" SERIAL NOT NULL,
    "publicId" TEXT NOT NULL,
    "callKey" TEXT,
    "interactionId" INTEGER,
    "clientId" INTEGER,
    "sourcePath" TEXT NOT NULL,
    "sourceSha256" TEXT,
    "state" TEXT NOT NULL DEFAULT 'discovered',
    "failReason" TEXT,
    "sourceState" TEXT NOT NULL DEFAULT 'pending',
    "durationMs" INTEGER,
    "codec" TEXT,
    "container" TEXT,
    "sampleRate" INTEGER,
    "channels" INTEGER,
    "sizeBytes" INTEGER,
    "sourceBytes" INTEGER,
    "storageKey" TEXT,
    "peaks" TEXT,
    "legalHold" BOOLEAN NOT NULL DEFAULT false,
    "retentionDays" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "audioDeletedAt" TIMESTAMP(3),
    "committedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordingScore" (
    "id" SERIAL NOT NULL,
    "recordingId" INTEGER NOT NULL,
    "reviewerId" INTEGER,
    "score" INTEGER NOT NULL,
    "criteria" TEXT NOT NULL DEFAULT '{}',
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordingScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsMessage" (
    "id" SERIAL NOT NULL,
    "direction" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "rawPhone" TEXT,
    "clientId" INTEGER,
    "text" TEXT NOT NULL,
    "encoding" TEXT,
    "partsTotal" INTEGER NOT NULL DEFAULT 1,
    "partsSent" INTEGER NOT NULL DEFAULT 0,
    "submittingPart" INTEGER,
    "concatRef" INTEGER,
    "externalRefs" TEXT NOT NULL DEFAULT '[]',
    "partOutcomes" TEXT NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modemId" TEXT,
    "provider" TEXT,
    "failReason" TEXT,
    "idempotencyKey" TEXT,
    "batchId" TEXT,
    "createdById" INTEGER,
    "interactionId" INTEGER,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmsMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "dialMode" TEXT NOT NULL DEFAULT 'preview',
    "manualOnly" BOOLEAN NOT NULL DEFAULT false,
    "requiresConsent" BOOLEAN NOT NULL DEFAULT false,
    "callerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "scriptVersionId" INTEGER,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScriptVersion" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScriptVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallList" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "sourceInfo" TEXT NOT NULL DEFAULT '{}',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallListEntry" (
    "id" SERIAL NOT NULL,
    "listId" INTEGER NOT NULL,
    "clientId" INTEGER,
    "contactId" INTEGER,
    "phone" TEXT NOT NULL,
    "rawPhone" TEXT,
    "name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "outcome" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "callbackAt" TIMESTAMP(3),
    "callbackUserId" INTEGER,
    "timeZone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DialAttempt" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "clientId" INTEGER,
    "phone" TEXT NOT NULL,
    "userId" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "result" TEXT,
    "disposition" TEXT,
    "callKey" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "DialAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScriptAnswer" (
    "id" SERIAL NOT NULL,
    "attemptId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "clientId" INTEGER,
    "contactId" INTEGER,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScriptAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" SERIAL NOT NULL,
    "phone" TEXT NOT NULL,
    "clientId" INTEGER,
    "campaignId" INTEGER,
    "method" TEXT NOT NULL,
    "givenBy" TEXT NOT NULL,
    "evidence" TEXT,
    "givenAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "recordedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_login_key" ON "User"("login");

-- CreateIndex
CREATE INDEX "UserExtension_userId_idx" ON "UserExtension"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");

-- CreateIndex
CREATE INDEX "GroupMember_userId_idx" ON "GroupMember"("userId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Client_searchName_idx" ON "Client"("searchName");

-- CreateIndex
CREATE INDEX "Client_taxId_idx" ON "Client"("taxId");

-- CreateIndex
CREATE INDEX "Client_responsibleUserId_idx" ON "Client"("responsibleUserId");

-- CreateIndex
CREATE INDEX "Client_segment_idx" ON "Client"("segment");

-- CreateIndex
CREATE INDEX "Client_mergedIntoId_idx" ON "Client"("mergedIntoId");

-- CreateIndex
CREATE INDEX "ClientTag_tag_idx" ON "ClientTag"("tag");

-- CreateIndex
CREATE INDEX "ResponsibleHistory_clientId_idx" ON "ResponsibleHistory"("clientId");

-- CreateIndex
CREATE INDEX "ContactPerson_clientId_idx" ON "ContactPerson"("clientId");

-- CreateIndex
CREATE INDEX "ContactPerson_searchName_idx" ON "ContactPerson"("searchName");

-- CreateIndex
CREATE INDEX "PhoneNumber_e164_idx" ON "PhoneNumber"("e164");

-- CreateIndex
CREATE INDEX "PhoneNumber_nsnRev_idx" ON "PhoneNumber"("nsnRev");

-- CreateIndex
CREATE INDEX "PhoneNumber_clientId_idx" ON "PhoneNumber"("clientId");

-- CreateIndex
CREATE INDEX "PhoneNumber_contactId_idx" ON "PhoneNumber"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Pipeline_name_key" ON "Pipeline"("name");

-- CreateIndex
CREATE UNIQUE INDEX "PipelineStage_pipelineId_position_key" ON "PipelineStage"("pipelineId", "position");

-- CreateIndex
CREATE INDEX "Deal_clientId_status_idx" ON "Deal"("clientId", "status");

-- CreateIndex
CREATE INDEX "Deal_stageId_idx" ON "Deal"("stageId");

-- CreateIndex
CREATE INDEX "DealStageHistory_dealId_idx" ON "DealStageHistory"("dealId");

-- CreateIndex
CREATE INDEX "DealStageHistory_toStageId_changedAt_idx" ON "DealStageHistory"("toStageId", "changedAt");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Task_clientId_status_idx" ON "Task"("clientId", "status");

-- CreateIndex
CREATE INDEX "Task_kind_status_phone_idx" ON "Task"("kind", "status", "phone");

-- CreateIndex
CREATE INDEX "Task_dueAt_idx" ON "Task"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Interaction_callKey_key" ON "Interaction"("callKey");

-- CreateIndex
CREATE INDEX "Interaction_clientId_startedAt_idx" ON "Interaction"("clientId", "startedAt");

-- CreateIndex
CREATE INDEX "Interaction_kind_startedAt_idx" ON "Interaction"("kind", "startedAt");

-- CreateIndex
CREATE INDEX "Interaction_kind_outcome_startedAt_idx" ON "Interaction"("kind", "outcome", "startedAt");

-- CreateIndex
CREATE INDEX "Interaction_userId_startedAt_idx" ON "Interaction"("userId", "startedAt");

-- CreateIndex
CREATE INDEX "Interaction_phone_idx" ON "Interaction"("phone");

-- CreateIndex
CREATE INDEX "DoNotCall_phone_idx" ON "DoNotCall"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "DoNotCall_phone_campaignId_key" ON "DoNotCall"("phone", "campaignId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_publicId_key" ON "Recording"("publicId");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_sourceSha256_key" ON "Recording"("sourceSha256");

-- CreateIndex
CREATE INDEX "Recording_sourcePath_idx" ON "Recording"("sourcePath");

-- CreateIndex
CREATE INDEX "Recording_state_idx" ON "Recording"("state");

-- CreateIndex
CREATE INDEX "Recording_callKey_idx" ON "Recording"("callKey");

-- CreateIndex
CREATE INDEX "Recording_clientId_createdAt_idx" ON "Recording"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "Recording_expiresAt_idx" ON "Recording"("expiresAt");

-- CreateIndex
CREATE INDEX "RecordingScore_recordingId_idx" ON "RecordingScore"("recordingId");

-- CreateIndex
CREATE UNIQUE INDEX "SmsMessage_idempotencyKey_key" ON "SmsMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SmsMessage_state_nextAttemptAt_idx" ON "SmsMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SmsMessage_clientId_createdAt_idx" ON "SmsMessage"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "SmsMessage_phone_idx" ON "SmsMessage"("phone");

-- CreateIndex
CREATE INDEX "SmsMessage_modemId_state_idx" ON "SmsMessage"("modemId", "state");

-- CreateIndex
CREATE INDEX "SmsMessage_batchId_idx" ON "SmsMessage"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_name_key" ON "Campaign"("name");

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ScriptVersion_key_version_key" ON "ScriptVersion"("key", "version");

-- CreateIndex
CREATE INDEX "CallList_campaignId_idx" ON "CallList"("campaignId");

-- CreateIndex
CREATE INDEX "CallListEntry_listId_state_priority_idx" ON "CallListEntry"("listId", "state", "priority");

-- CreateIndex
CREATE INDEX "CallListEntry_phone_idx" ON "CallListEntry"("phone");

-- CreateIndex
CREATE INDEX "CallListEntry_clientId_idx" ON "CallListEntry"("clientId");

-- CreateIndex
CREATE INDEX "DialAttempt_phone_startedAt_idx" ON "DialAttempt"("phone", "startedAt");

-- CreateIndex
CREATE INDEX "DialAttempt_clientId_startedAt_idx" ON "DialAttempt"("clientId", "startedAt");

-- CreateIndex
CREATE INDEX "DialAttempt_campaignId_startedAt_idx" ON "DialAttempt"("campaignId", "startedAt");

-- CreateIndex
CREATE INDEX "ScriptAnswer_campaignId_questionId_idx" ON "ScriptAnswer"("campaignId", "questionId");

-- CreateIndex
CREATE INDEX "ScriptAnswer_clientId_idx" ON "ScriptAnswer"("clientId");

-- CreateIndex
CREATE INDEX "Consent_phone_idx" ON "Consent"("phone");

-- AddForeignKey
ALTER TABLE "UserExtension" ADD CONSTRAINT "UserExtension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_responsibleUserId_fkey" FOREIGN KEY ("responsibleUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientTag" ADD CONSTRAINT "ClientTag_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponsibleHistory" ADD CONSTRAINT "ResponsibleHistory_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactPerson" ADD CONSTRAINT "ContactPerson_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "ContactPerson"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PipelineStage" ADD CONSTRAINT "PipelineStage_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "Pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "Pipeline"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "PipelineStage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageHistory" ADD CONSTRAINT "DealStageHistory_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interaction" ADD CONSTRAINT "Interaction_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interaction" ADD CONSTRAINT "Interaction_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "ContactPerson"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interaction" ADD CONSTRAINT "Interaction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordingScore" ADD CONSTRAINT "RecordingScore_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallList" ADD CONSTRAINT "CallList_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallListEntry" ADD CONSTRAINT "CallListEntry_listId_fkey" FOREIGN KEY ("listId") REFERENCES "CallList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DialAttempt" ADD CONSTRAINT "DialAttempt_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "CallListEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScriptAnswer" ADD CONSTRAINT "ScriptAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "DialAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

