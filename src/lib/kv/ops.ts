/** Client requests against the store, as etcdctl sees them (the history the checkers read). */

export type KvOpKind = 'put' | 'get' | 'delete';
/** membership changes (etcdctl member add/promote/remove) are client requests too */
export type MemberOpKind = 'memberAdd' | 'memberPromote' | 'memberRemove';
export type OpKind = KvOpKind | MemberOpKind;
export type OpState = 'pending' | 'ok' | 'timeout' | 'fail';

/** One client request, as etcdctl against one endpoint sees it. */
export interface ClientOp {
	id: number;
	kind: OpKind;
	node: number;
	key: string;
	/** put: value written; get: value read */
	value: string | null;
	/** put: the value's size in bytes when it is not the value's own length (a load's valueBytes) */
	valueBytes?: number;
	serializable: boolean;
	callUs: number;
	returnUs: number | null;
	status: OpState;
	error: string | null;
	/** the store revision the op saw or made (when ok) */
	revision: number | null;
	/** a membership change: the member it is about (memberAdd: the new member's number) */
	target?: number;
	/** memberAdd: etcdctl member add --learner; and whether the new member's process starts once it is added */
	learner?: boolean;
	start?: boolean;
}

/** Whether an op reads or writes the key-value store (the history the checkers read). */
export function isKvOp<T extends { kind: OpKind }>(op: T): op is T & { kind: KvOpKind } {
	return op.kind === 'put' || op.kind === 'get' || op.kind === 'delete';
}
