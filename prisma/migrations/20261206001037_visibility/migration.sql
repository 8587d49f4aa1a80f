-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PRIVATE', 'FRIENDS', 'SERVER');

-- AlterTable
ALTER TABLE "User" ADD COLUMN "visibility" "Visibility" NOT NULL DEFAULT 'FRIENDS',
ADD COLUMN "shareTaste" BOOLEAN NOT NULL DEFAULT true;
