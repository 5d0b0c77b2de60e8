-- AlterTable
ALTER TABLE "DialAttempt" ADD COLUMN "note" TEXT;
ALTER TABLE "DialAttempt" ADD COLUMN "scriptState" TEXT;

-- CreateIndex
CREATE INDEX "DialAttempt_userId_state_idx" ON "DialAttempt"("userId", "state");

