// SPDX-License-Identifier: GPL-2.0-only
/*
 * The child the host backend spawns for scenarios where single threads exit
 * or exec. It speaks the command pipe of `kpidfs __child` (commands on fd 0,
 * answers on fd 1) but is a plain C program, so its thread group holds
 * exactly the threads the scenario made: a .NET process has runtime threads
 * of its own, which would keep a leader that exited alone from ever being
 * reported.
 *
 *   thread        a new thread; answers "tid N"
 *   exit N        exit_group(N)
 *   texit TID N   thread TID calls the exit system call (that thread alone); answers "ok"
 *   exec TID      thread TID execs this program again; the new image answers "ready PID"
 *
 * Every thread waits for work; one of them serves the pipe. A server that is
 * told to exit hands the pipe to another live thread first. A server that is
 * told to make another thread exec just goes back to reading: the exec kills
 * it (de_thread) before the new image reads anything.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum work { IDLE, SERVE, EXIT, EXEC };

struct slot {
	pid_t tid;
	enum work work;
	int code;
	int alive;
};

#define MAX_SLOTS 1024

static struct slot slots[MAX_SLOTS];
static int nslots;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char self[4096];

static void reply(const char *text)
{
	size_t len = strlen(text);

	if (write(1, text, len) != (ssize_t)len)
		syscall(SYS_exit_group, 111);
}

static int read_line(char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		char c;

		if (read(0, &c, 1) != 1)
			return -1;
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

static void exec_self(void)
{
	char *argv[] = { self, "__thread_child", NULL };

	execv(self, argv);
	reply("error exec failed\n");
}

static int find(pid_t tid)
{
	for (int i = 0; i < nslots; i++)
		if (slots[i].alive && slots[i].tid == tid)
			return i;
	return -1;
}

static void serve(int me);

/* every thread: wait for work, do it */
static void run(int me)
{
	for (;;) {
		enum work work;
		int code;

		pthread_mutex_lock(&mu);
		while (slots[me].work == IDLE)
			pthread_cond_wait(&cv, &mu);
		work = slots[me].work;
		code = slots[me].code;
		slots[me].work = IDLE;
		pthread_mutex_unlock(&mu);

		if (work == SERVE)
			serve(me);
		else if (work == EXIT)
			syscall(SYS_exit, code);
		else if (work == EXEC)
			exec_self();
	}
}

static void *thread_main(void *arg)
{
	int me = (int)(long)arg;

	pthread_mutex_lock(&mu);
	slots[me].tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	run(me);
	return NULL;
}

static void new_thread(void)
{
	pthread_attr_t attr;
	pthread_t thread;
	char text[64];
	int slot;

	pthread_mutex_lock(&mu);
	if (nslots == MAX_SLOTS) {
		pthread_mutex_unlock(&mu);
		reply("error too many threads\n");
		return;
	}
	slot = nslots++;
	slots[slot] = (struct slot){ .alive = 1 };
	pthread_mutex_unlock(&mu);

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, thread_main, (void *)(long)slot) != 0) {
		reply("error pthread_create failed\n");
		return;
	}

	pthread_mutex_lock(&mu);
	while (slots[slot].tid == 0)
		pthread_cond_wait(&cv, &mu);
	snprintf(text, sizeof(text), "tid %d\n", slots[slot].tid);
	pthread_mutex_unlock(&mu);
	reply(text);
}

/* thread TID leaves alone; the server itself first hands the pipe on */
static void thread_exit(int me, pid_t tid, int code)
{
	int slot;

	pthread_mutex_lock(&mu);
	slot = find(tid);
	if (slot < 0) {
		pthread_mutex_unlock(&mu);
		reply("error no such thread\n");
		return;
	}
	slots[slot].alive = 0;
	if (slot != me) {
		slots[slot].work = EXIT;
		slots[slot].code = code;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
		reply("ok\n");
		return;
	}

	for (int i = 0; i < nslots; i++) {
		if (slots[i].alive) {
			slots[i].work = SERVE;
			pthread_cond_broadcast(&cv);
			break;
		}
	}
	pthread_mutex_unlock(&mu);
	reply("ok\n");
	syscall(SYS_exit, code);
}

static void thread_exec(int me, pid_t tid)
{
	int slot;

	pthread_mutex_lock(&mu);
	slot = find(tid);
	if (slot < 0) {
		pthread_mutex_unlock(&mu);
		reply("error no such thread\n");
		return;
	}
	if (slot == me) {
		pthread_mutex_unlock(&mu);
		exec_self();
		return;
	}
	slots[slot].work = EXEC;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void serve(int me)
{
	char line[256];

	while (read_line(line, sizeof(line)) == 0) {
		int tid, code;

		if (strcmp(line, "thread") == 0)
			new_thread();
		else if (sscanf(line, "exit %d", &code) == 1)
			syscall(SYS_exit_group, code);
		else if (sscanf(line, "texit %d %d", &tid, &code) == 2)
			thread_exit(me, tid, code);
		else if (sscanf(line, "exec %d", &tid) == 1)
			thread_exec(me, tid);
		else
			reply("error unknown command\n");
	}
	syscall(SYS_exit_group, 0);
}

int main(void)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char text[64];

	if (n < 0)
		return 112;
	self[n] = '\0';
	slots[0] = (struct slot){ .tid = (pid_t)syscall(SYS_gettid), .alive = 1 };
	nslots = 1;
	snprintf(text, sizeof(text), "ready %d\n", (int)getpid());
	reply(text);
	serve(0);
	return 0;
}
