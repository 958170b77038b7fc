import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AgentPolicy = 'open' | 'closed';

/** A team: the unit that owns keys, media and quota. Created with one member on first key request. */
@Entity('accounts')
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'text', default: 'free' })
  plan: string;

  @Column({ name: 'agent_policy', type: 'text', default: 'open' })
  agentPolicy: AgentPolicy;

  /** Bytes of the account's stored media (originals and variants); freed on delete. */
  @Column({ name: 'storage_used_bytes', type: 'bigint', default: 0, transformer: { to: (v) => v, from: (v) => Number(v) } })
  storageUsedBytes: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
